"""django-import-export resources of the catalogue, built from the import columns so that both
speak the same spreadsheet (Czech headings, codes or names, the compact provisions format).

The admin and the ``import_catalogue`` command use the faster bulk importer in ``importing``;
these resources serve the export and anyone who wants import-export's own row-by-row import
(the benchmark compares the two).
"""

from django.core.exceptions import ObjectDoesNotExist
from import_export import fields, resources

from kp_catalogue.exchange.importing.columns import CellError, check_formula, export_cell
from kp_catalogue.exchange.importing.providers import PROVIDER_COLUMNS, ProviderImporter
from kp_catalogue.exchange.importing.services import NOT_FIELDS, SERVICE_COLUMNS, ServiceImporter
from kp_catalogue.models import Provider, Service, ServiceProvision, ServiceTag


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


def service_export_queryset(queryset=None):
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("provider", "service_type").prefetch_related(
        "target_groups", "age_groups", "service_areas", "tags", "spoken_languages",
        "provisions__form", "provisions__unit",
    ).order_by("name", "pk")
