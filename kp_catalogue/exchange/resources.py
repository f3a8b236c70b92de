"""django-import-export resources of the catalogue, built from the import columns so that both
speak the same spreadsheet (Czech headings, codes or names, the compact provisions format).

The admin and the ``import_catalogue`` command use the faster bulk importer in ``importing``;
these resources (services, their places, providers) serve the export and anyone who wants import-export's own row-by-row import
(the benchmark compares the two).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from import_export import fields, resources

from kp_catalogue.exchange.importing.columns import CellError, check_formula, export_cell
from kp_catalogue.exchange.importing.locations import (
    LOCATION_COLUMNS,
    LocationImporter,
    day_attr,
    intervals_by_day,
)
from kp_catalogue.exchange.importing.providers import PROVIDER_COLUMNS, ProviderImporter
from kp_catalogue.exchange.importing.services import NOT_FIELDS, SERVICE_COLUMNS, ServiceImporter
from kp_catalogue.models import Location, Provider, Service, ServiceProvision, ServiceTag
from kp_catalogue.models.hours import WEEKDAYS


class ColumnField(fields.Field):
    def __init__(self, column):
        super().__init__(attribute=column.attr, column_name=column.heading)
        self.column = column

    def clean(self, row, **kwargs):
        text = row.get(self.column_name)
        text = "" if text is None else str(text).strip()
        try:
            return self.column.parse(check_formula(text), self.context)
        except CellError as error:
            raise ValueError(f"{self.column_name}: {error}") from error

    def save(self, instance, row, is_m2m=False, **kwargs):
        if self.attribute == "id":
            return
        value = self.clean(row)
        if self.attribute in NOT_FIELDS:
            instance._kp_relations[self.attribute] = value
        else:
            setattr(instance, self.attribute, value)

    def export(self, instance, **kwargs):
        try:
            return export_cell(self.column, instance)
        except ObjectDoesNotExist:
            return ""  # import-export exports a new, still empty instance for its diff


def column_fields(columns):
    return {column.attr: ColumnField(column) for column in columns}


class CatalogueResource(resources.ModelResource):
    importer_class = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        context = self.importer_class()  # its code-list lookups, loaded once
        for field in self.fields.values():
            field.context = context

    def import_instance(self, instance, row, **kwargs):
        instance._kp_relations = {}
        super().import_instance(instance, row, **kwargs)


class ServiceResource(CatalogueResource):
    """Row by row: one lookup per row on the register identifier, then Django's save()."""

    importer_class = ServiceImporter
    locals().update(column_fields(SERVICE_COLUMNS))

    class Meta:
        model = Service
        fields = [column.attr for column in SERVICE_COLUMNS]
        export_order = fields
        import_id_fields = ["identifier"]
        skip_unchanged = False

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        relations = instance._kp_relations
        provider = Provider.objects.filter(ico=relations["provider_ico"]).first()
        if provider is None:
            provider = Provider.objects.create(ico=relations["provider_ico"],
                                               name=relations.get("provider_name") or "")
        instance.provider = provider

    def after_save_instance(self, instance, row, **kwargs):
        relations = instance._kp_relations
        for attr in ("target_groups", "age_groups", "service_areas", "spoken_languages"):
            if attr in relations:
                getattr(instance, attr).set(relations[attr])
        if "provisions" in relations:
            ServiceProvision.objects.filter(service=instance).delete()
            for index, (form, non_stop, unit, maximum) in enumerate(relations["provisions"]):
                ServiceProvision.objects.create(service=instance, form=form, non_stop=non_stop,
                                                unit=unit, maximum=maximum, sort_order=index)
        if "tags" in relations:
            ServiceTag.objects.filter(content_object=instance).delete()
            instance.tags.set(relations["tags"])
            instance.save()


class ProviderResource(CatalogueResource):
    importer_class = ProviderImporter
    locals().update(column_fields(PROVIDER_COLUMNS))

    class Meta:
        model = Provider
        fields = [column.attr for column in PROVIDER_COLUMNS]
        export_order = fields
        import_id_fields = ["ico"]


class LocationResource(CatalogueResource):
    """The places sheet row by row. Like ``LocationImporter`` it only updates places that exist
    and only through a row naming the place's own service; the identifying columns are never
    written (``service_id`` would move the place). Unlike it, it records no revision: the admin
    and the commands use ``LocationImporter``."""

    importer_class = LocationImporter
    locals().update(column_fields(LOCATION_COLUMNS))

    class Meta:
        model = Location
        fields = [column.attr for column in LOCATION_COLUMNS]
        export_order = fields
        import_id_fields = ["id"]
        skip_unchanged = False

    def get_queryset(self):
        return location_export_queryset()

    def import_instance(self, instance, row, **kwargs):
        values = {field.attribute: field.clean(row) for field in self.get_import_fields()
                  if field.column_name in row}
        if instance.pk is None:
            raise ValueError(_("ID místa: no place has the ID %(id)s; places are added in the "
                               "admin") % {"id": values.get("id")})
        if instance.service_id != values.get("service_id"):
            raise ValueError(_("ID místa: the place %(id)s is not a place of the service with "
                               "the ID %(service)s") % {"id": instance.pk,
                                                        "service": values.get("service_id")})
        by_day = intervals_by_day(instance.opening_hours)
        for weekday in WEEKDAYS:
            by_day[weekday] = values.get(day_attr(weekday), by_day[weekday])
        # save() derives open_days from these rows.
        instance.opening_hours = [{"weekday": day, "opens": opens, "closes": closes}
                                  for day in sorted(by_day) for opens, closes in by_day[day]]
        for attr in ("hours_exceptions", "accessibility"):
            if attr in values:
                setattr(instance, attr, values[attr])
        if "accessibility_features" in values:
            # A parental many-to-many: held in memory and written by the save that follows.
            instance.accessibility_features.set(values["accessibility_features"])


def location_export_queryset(services=None):
    """The places of the given services (all when None), grouped by service as the services
    sheet orders them."""
    queryset = Location.objects.all()
    if services is not None:
        queryset = queryset.filter(service__in=services)
    return queryset.select_related("service__provider").prefetch_related(
        "accessibility_features").order_by("service__name", "service_id", "sort_order", "pk")


def service_export_queryset(queryset=None):
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("provider", "service_type").prefetch_related(
        "target_groups", "age_groups", "service_areas", "tags", "spoken_languages",
        "provisions__form", "provisions__unit",
    ).order_by("name", "pk")
