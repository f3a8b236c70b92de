"""Keeps the search data in step with the catalogue: services' search documents when what they
are found by changes outside their own save (tags, target groups, a renamed code list item),
the index row when a service goes, and the municipalities' name forms. Connected in
``signals.py``; ``rebuild`` is the management command's and the upgrade's full rebuild."""

from django.db import DEFAULT_DB_ALIAS, connections

from kp_catalogue.models.search import MunicipalityNameForm, refresh_name_forms
from kp_catalogue.models.services import Service
from kp_catalogue.models.taxonomies import Municipality
from kp_catalogue.search import index

BATCH = 500


def refresh(services):
    for service in services.select_related("provider", "service_type").prefetch_related(
            "tags", "target_groups"):
        service.refresh_search_text()


def service_tag_changed(sender, instance, **kwargs):
    refresh(Service.objects.filter(pk=instance.content_object_id))


def target_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # group.services.add(...): the services are in pk_set
        refresh(Service.objects.filter(pk__in=pk_set or ()) if pk_set is not None
                else Service.objects.filter(target_groups=instance))
    else:
        refresh(Service.objects.filter(pk=instance.pk))


def code_list_item_saved(sender, instance, created, **kwargs):
    """A service type or target group renamed: the services that carry it."""
    if created:
        return
    lookup = "service_type" if sender.__name__ == "ServiceType" else "target_groups"
    refresh(Service.objects.filter(**{lookup: instance}))


def service_deleted(sender, instance, **kwargs):
    index.remove([instance.pk])


def municipality_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_name_forms(instance)


def write_documents(pks):
    """Builds and stores the documents of the services ``pks`` in batches (imports write
    services and their relations in bulk, without the signals)."""
    pks = list(pks)
    for start in range(0, len(pks), BATCH):
        batch = list(Service.objects.filter(pk__in=pks[start:start + BATCH])
                     .select_related("provider", "service_type")
                     .prefetch_related("tags", "target_groups"))
        for service in batch:
            service.search_document = service.build_search_document()
        Service.objects.bulk_update(batch, ["search_document"])
        index.store([(service.pk, service.search_document) for service in batch])
    return len(pks)


def rebuild(only_missing=False):
    """Every service's document and index row (or only the missing ones), and every
    municipality's name forms. Returns the number of services written."""
    services = Service.objects.order_by("pk")
    if only_missing:
        services = services.filter(search_document__isnull=True)
    else:
        index.clear()
        for municipality in Municipality.objects.all():
            refresh_name_forms(municipality)
    return write_documents(services.values_list("pk", flat=True))


def build_missing(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After ``migrate``: documents of services that have none yet (an upgraded database, or
    rows inserted in bulk), and name forms of municipalities that have none. Nothing when the
    database was migrated back to before the search tables."""
    connection = connections[using]
    if MunicipalityNameForm._meta.db_table not in connection.introspection.table_names():
        return
    rebuild(only_missing=True)
    for municipality in Municipality.objects.filter(name_forms__isnull=True):
        refresh_name_forms(municipality)
