"""Receivers connected in ``apps.ready``: population figures and needs-survey answers feed the
coverage page and API, which are cached with the catalogue's responses; changing them drops
that cache (the catalogue's own receivers already cover services, code lists and pages).
Answers to other forms (conference registrations, process evaluations) show nowhere in the
catalogue, so they leave its cache alone: a busy registration week would otherwise make every
catalogue visitor a cache miss."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.forms.models import FormSubmission

from kp_catalogue.caching import invalidate
from kp_plans.models.population import PopulationFigure
from kp_plans.models.survey import NeedsSurveyPage


def survey_answer_changed(sender, instance, **kwargs):
    if NeedsSurveyPage.objects.filter(pk=instance.page_id).exists():
        invalidate()


def connect():
    for signal, kind in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(invalidate, sender=PopulationFigure,
                       dispatch_uid=f"kp_plans.cache.{kind}.PopulationFigure")
        signal.connect(survey_answer_changed, sender=FormSubmission,
                       dispatch_uid=f"kp_plans.cache.{kind}.FormSubmission")
