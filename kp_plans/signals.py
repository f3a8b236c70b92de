"""Receivers connected in ``apps.ready``: population figures and survey answers feed the
coverage page and API, which are cached with the catalogue's responses; changing them drops
that cache (the catalogue's own receivers already cover services, code lists and pages)."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.forms.models import FormSubmission

from kp_catalogue.caching import invalidate
from kp_plans.models.population import PopulationFigure


def connect():
    for sender in (PopulationFigure, FormSubmission):
        post_save.connect(invalidate, sender=sender,
                          dispatch_uid=f"kp_plans.cache.save.{sender.__name__}")
        post_delete.connect(invalidate, sender=sender,
                            dispatch_uid=f"kp_plans.cache.delete.{sender.__name__}")
