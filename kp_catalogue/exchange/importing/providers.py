"""Import of provider organisations, matched on IČO."""

from django.db import transaction

from kp_catalogue.exchange.importing.columns import Column
from kp_catalogue.exchange.importing.engine import NEW, Importer
from kp_catalogue.exchange.importing.saving import record_publication, store
from kp_catalogue.models import Provider, Service
from kp_catalogue.search.text import normalise

PROVIDER_COLUMNS = (
    Column("IČO", "ico", required=True),
    Column("Název", "name", required=True),
    Column("Právní forma", "legal_status"),
    Column("Popis", "description"),
    Column("Web", "website"),
    Column("E-mail", "email"),
    Column("Telefon", "phone"),
    Column("Datová schránka", "data_box"),
    Column("Ulice a číslo", "address_1"),
    Column("Obec", "city"),
    Column("PSČ", "postal_code"),
)


class ProviderImporter(Importer):
    kind = "providers"
    model = Provider
    columns = PROVIDER_COLUMNS
    match_only = ("ico",)

    def load_existing(self):
        self.by_ico = {provider.ico: provider for provider in Provider.objects.all()}

    def match(self, values):
        return self.by_ico.get(values["ico"])

    def identity_keys(self, values):
        return [("IČO", values["ico"])]

    def write(self, plan, user, source):
        with transaction.atomic():
            new, changed, fields, renamed = [], [], set(), []
            for row in plan.changes:
                provider = row.existing or Provider()
                for column in self.columns:
                    if column.attr in row.values and (row.existing is None
                                                      or column.heading in row.changed):
                        setattr(provider, column.attr, row.values[column.attr])
                        fields.add(column.attr)
                provider.search_text = normalise(f"{provider.name} {provider.ico}")
                fields.add("search_text")
                if row.existing is None:
                    new.append(provider)
                else:
                    changed.append(provider)
                    if "Název" in row.changed:
                        renamed.append(provider.pk)
            store(Provider, new, changed, fields)
            results = {provider.pk: NEW for provider in new}
            results.update({provider.pk: "update" for provider in changed})
            record_publication(Provider, new + changed, user, results, source)
            # Services carry their provider's name in their search column.
            for service in Service.objects.filter(provider_id__in=renamed).select_related(
                    "provider", "service_type"):
                service.refresh_search_text()
