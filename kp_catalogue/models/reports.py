"""Problems the public reports on a service or provider page ("the phone number is wrong",
"the service has closed"). They go to the organisation and the editors, count in freshness
until someone resolves them, and the reporter's optional e-mail is never shown or exported."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kp_catalogue.models.providers import Provider
from kp_catalogue.models.services import Service

MAX_REPORT_TEXT = 2000


class ReportKind(models.TextChoices):
    OUTDATED = "outdated", _("The information is out of date")
    CLOSED = "closed", _("The service has closed")
    WRONG_CONTACT = "contact", _("A phone, e-mail or address is wrong")
    OTHER = "other", _("Something else")


class ProblemReport(models.Model):
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.CASCADE,
                                 related_name="problem_reports")
    service = models.ForeignKey(Service, verbose_name=_("social service"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(_("what is wrong"), max_length=16, choices=ReportKind.choices)
    text = models.TextField(_("description"), max_length=MAX_REPORT_TEXT, blank=True)
    # Personal data: for a reply only; never public, never in the API or exports.
    email = models.EmailField(_("reporter's e-mail"), blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [
            models.Index(fields=["provider", "resolved_at"], name="kp_report_provider_open"),
            models.Index(fields=["service", "resolved_at"], name="kp_report_service_open"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.service or self.provider})"
