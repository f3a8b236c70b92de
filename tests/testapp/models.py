"""A page type that opts into consultations, for kp_consultation's tests only.

kp_consultation never imports the plan drafts; this stands in for any page using the mixin.
"""

from django.db import models
from wagtail.models import Page

from kp_consultation.mixins import ConsultationPageMixin, ConsultationSection


class ConsultedPage(ConsultationPageMixin, Page):
    intro = models.TextField(blank=True)
    managers = models.TextField(blank=True, help_text="E-mails of the managers, one a line.")

    content_panels = Page.content_panels + ConsultationPageMixin.consultation_panels

    SECTIONS = [
        ConsultationSection("priority-seniors", "Priorita 1: Senioři"),
        ConsultationSection("priority-families", "Priorita 2: Rodiny s dětmi"),
        ConsultationSection("financing", "Financování"),
    ]

    def consultation_sections(self):
        return list(self.SECTIONS)

    def consultation_manager_emails(self):
        return [line.strip() for line in self.managers.splitlines() if line.strip()]
