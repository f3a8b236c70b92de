"""Signal receivers of the catalogue: every change to what the public catalogue shows drops its
cached responses (``caching.invalidate``). Connected from ``AppConfig.ready()``."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from kp_catalogue import models
from kp_catalogue.caching import invalidate


def connect():
    """Connects the receivers; called once from ``AppConfig.ready()``."""
    senders = [models.Service, models.Provider, models.ServiceProvision, models.Location,
               models.Contact, models.ServiceTag, models.ServiceType, models.TargetGroup,
               models.AgeGroup, models.ServiceForm, models.CapacityUnit, models.Municipality]
    for sender in senders:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(invalidate, sender=sender,
                           dispatch_uid=f"kp_catalogue.cache.{name}.{sender.__name__}")
    for field in ("target_groups", "age_groups", "service_areas"):
        m2m_changed.connect(invalidate, sender=getattr(models.Service, field).through,
                            dispatch_uid=f"kp_catalogue.cache.m2m.{field}")
    # Pages: their menu, address, access or existence changes what a stored page shows.
    for sender in (PageViewRestriction, Site):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(invalidate, sender=sender,
                           dispatch_uid=f"kp_catalogue.cache.{name}.{sender.__name__}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="kp_catalogue.cache.delete.Page")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                         ("moved", post_page_move)):
        signal.connect(invalidate, dispatch_uid=f"kp_catalogue.cache.page_{name}")
