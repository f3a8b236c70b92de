"""Signal receivers of the catalogue: every change to what the public catalogue shows drops its
cached responses (``caching.invalidate``); organisations and memberships keep their media
collection and group in step (``accounts/media.py``). Connected from ``AppConfig.ready()``."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from kp_catalogue import models
from kp_catalogue.accounts import media
from kp_catalogue.caching import invalidate
from kp_catalogue.public import terms
from kp_catalogue.search import upkeep


def connect():
    """Connects the receivers; called once from ``AppConfig.ready()``."""
    post_save.connect(media.provider_saved, sender=models.Provider,
                      dispatch_uid="kp_catalogue.media.provider")
    post_save.connect(media.membership_saved, sender=models.ProviderMembership,
                      dispatch_uid="kp_catalogue.media.membership_saved")
    post_delete.connect(media.membership_deleted, sender=models.ProviderMembership,
                        dispatch_uid="kp_catalogue.media.membership_deleted")
    post_migrate.connect(media.ensure_all_media, sender=apps.get_app_config("kp_catalogue"),
                         dispatch_uid="kp_catalogue.media.existing")
    connect_search()
    # Every kind of term, also those a stored page does not show (terms.py).
    for sender in apps.get_app_config("kp_catalogue").get_models():
        if issubclass(sender, (models.Taxonomy, models.LifeSituation)):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(terms.changed, sender=sender,
                               dispatch_uid=f"kp_catalogue.terms.{name}.{sender.__name__}")
    senders = [models.Service, models.Provider, models.ServiceProvision, models.Location,
               models.Contact, models.ServiceTag, models.ServiceType, models.TargetGroup,
               models.AgeGroup, models.ServiceForm, models.CapacityUnit, models.Municipality,
               models.SearchSynonym, models.LifeSituation]
    for sender in senders:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(invalidate, sender=sender,
                           dispatch_uid=f"kp_catalogue.cache.{name}.{sender.__name__}")
    for field in ("target_groups", "age_groups", "service_areas"):
        m2m_changed.connect(invalidate, sender=getattr(models.Service, field).through,
                            dispatch_uid=f"kp_catalogue.cache.m2m.{field}")
    # The finder's situations: their terms are saved after the row itself.
    for field in ("target_groups", "age_groups", "service_types", "forms"):
        m2m_changed.connect(invalidate, sender=getattr(models.LifeSituation, field).through,
                            dispatch_uid=f"kp_catalogue.cache.m2m.situation.{field}")
    # Pages: their menu, address, access or existence changes what a stored page shows.
    for sender in (PageViewRestriction, Site):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(invalidate, sender=sender,
                           dispatch_uid=f"kp_catalogue.cache.{name}.{sender.__name__}")
    post_delete.connect(invalidate, sender=Page, dispatch_uid="kp_catalogue.cache.delete.Page")
    for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                         ("moved", post_page_move)):
        signal.connect(invalidate, dispatch_uid=f"kp_catalogue.cache.page_{name}")


def connect_search():
    """The search document, the index and the municipalities' name forms (search/upkeep.py)."""
    post_save.connect(upkeep.service_tag_changed, sender=models.ServiceTag,
                      dispatch_uid="kp_catalogue.search.tag_saved")
    post_delete.connect(upkeep.service_tag_changed, sender=models.ServiceTag,
                        dispatch_uid="kp_catalogue.search.tag_deleted")
    m2m_changed.connect(upkeep.target_groups_changed, sender=models.Service.target_groups.through,
                        dispatch_uid="kp_catalogue.search.target_groups")
    for sender in (models.ServiceType, models.TargetGroup):
        post_save.connect(upkeep.code_list_item_saved, sender=sender,
                          dispatch_uid=f"kp_catalogue.search.renamed.{sender.__name__}")
    post_delete.connect(upkeep.service_deleted, sender=models.Service,
                        dispatch_uid="kp_catalogue.search.service_deleted")
    post_save.connect(upkeep.municipality_saved, sender=models.Municipality,
                      dispatch_uid="kp_catalogue.search.municipality")
    post_migrate.connect(upkeep.build_missing, sender=apps.get_app_config("kp_catalogue"),
                         dispatch_uid="kp_catalogue.search.build_missing")
