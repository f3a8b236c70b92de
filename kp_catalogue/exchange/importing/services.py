"""Import of services from a spreadsheet: lookups loaded once, no query per row, rows written in
bulk and published through ``saving``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.models import Tag

from kp_catalogue.exchange.importing.columns import (
    BooleanColumn,
    CellError,
    ChoiceColumn,
    Column,
    DateColumn,
    IdColumn,
    ProvisionsColumn,
    TagsColumn,
    TermColumn,
    TermsColumn,
    validation_message,
)
from kp_catalogue.exchange.importing.engine import NEW, Importer, refuse_unsafe_update
from kp_catalogue.exchange.importing.saving import record_publication, store
from kp_catalogue.models import (
    AgeGroup,
    Language,
    Municipality,
    Provider,
    Service,
    ServiceProvision,
    ServiceTag,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.validators import validate_ico
from kp_catalogue.search.text import normalise
from kp_catalogue.search.upkeep import write_documents


class ProviderIcoColumn(Column):
    def parse(self, text, context):
        try:
            validate_ico(text)
        except ValidationError as error:
            raise CellError(validation_message(error)) from error
        return text

    def current(self, obj):
        return obj.provider.ico if obj.provider_id else ""


class ProviderNameColumn(Column):
    def parse(self, text, context):
        return text[:255]

    def current(self, obj):
        return obj.provider.name if obj.provider_id else ""


SERVICE_COLUMNS = (
    IdColumn("ID", "id"),
    Column("Název", "name", required=True),
    ProviderIcoColumn("IČO poskytovatele", "provider_ico", required=True),
    ProviderNameColumn("Poskytovatel", "provider_name"),
    TermColumn("Druh služby", "service_type", ServiceType, required=True),
    Column("Identifikátor", "identifier"),
    ChoiceColumn("Stav", "status"),
    TermsColumn("Cílové skupiny", "target_groups", TargetGroup),
    TermsColumn("Věkové skupiny", "age_groups", AgeGroup),
    ProvisionsColumn("Formy a kapacity", "provisions"),
    TermsColumn("Obce", "service_areas", Municipality),
    Column("Popis", "description"),
    Column("Pro koho je určena", "eligibility_description"),
    BooleanColumn("Zdarma", "is_free"),
    Column("Úhrady", "fees_description"),
    Column("Jak požádat", "application_process"),
    Column("Jazyky", "languages"),
    TermsColumn("Jazyky z číselníku", "spoken_languages", Language),
    Column("Provozní doba", "schedule_description"),
    Column("Telefon", "phone"),
    Column("E-mail", "email"),
    Column("Web", "url"),
    TagsColumn("Štítky", "tags"),
    DateColumn("Ověřeno dne", "assured_date"),
)
RELATION_ATTRS = {"target_groups", "age_groups", "service_areas", "provisions", "tags",
                  "spoken_languages"}
NOT_FIELDS = {"id", "provider_ico", "provider_name"} | RELATION_ATTRS


class ServiceImporter(Importer):
    kind = "services"
    model = Service
    columns = SERVICE_COLUMNS
    match_only = ("id", "provider_name")
    not_fields = NOT_FIELDS
    user = None
    refuses_pending_changes = True

    def load_existing(self):
        services = list(
            Service.objects.select_related("provider", "service_type", "locked_by")
            .prefetch_related("target_groups", "age_groups", "service_areas", "tags",
                              "spoken_languages",
                              "tagged_items", "contacts", "locations__accessibility_features",
                              "provisions__form", "provisions__unit")
        )
        self.by_pk = {service.pk: service for service in services}
        self.by_identifier = {}
        self.by_name = {}
        for service in services:
            if service.identifier:
                self.by_identifier.setdefault(service.identifier, []).append(service)
            self.by_name.setdefault((service.provider.ico, normalise(service.name)), service)
        self.providers = {provider.ico: provider for provider in Provider.objects.all()}

    def match(self, values):
        if values.get("id") is not None:
            service = self.by_pk.get(values["id"])
            if service is None:
                raise CellError(_("ID: no service has the ID %(id)s; leave the cell empty "
                                  "to add a new one") % {"id": values["id"]})
            return service
        identifier = values.get("identifier")
        if identifier:
            found = self.by_identifier.get(identifier, [])
            if len(found) > 1:
                raise CellError(_("Identifikátor: several services have the identifier "
                                  "%(value)s; give the ID") % {"value": identifier})
            if found:
                return found[0]
        ico = values["provider_ico"]
        if ico not in self.providers and not values.get("provider_name"):
            raise CellError(_("IČO poskytovatele: no provider has the IČO %(ico)s; fill in the "
                              "column Poskytovatel to add it") % {"ico": ico})
        return self.by_name.get((ico, normalise(values["name"])))

    def identity_keys(self, values):
        keys = [(_("The service"), ("name", values["provider_ico"], normalise(values["name"])))]
        if values.get("id") is not None:
            keys.append((_("The ID"), ("id", values["id"])))
        if values.get("identifier"):
            keys.append((_("The register identifier"), ("identifier", values["identifier"])))
        return keys

    def plan_row(self, row, present, seen):
        result = super().plan_row(row, present, seen)
        return refuse_unsafe_update(result, result.existing, self.user,
                                    pending_changes=self.refuses_pending_changes)

    def run(self, headings, rows, user=None, source="", dry_run=False, progress=None):
        self.user = user  # rows locked by someone else are refused
        return super().run(headings, rows, user, source, dry_run, progress)

    # -- writing -----------------------------------------------------------------------------
    def write(self, plan, user, source):
        with transaction.atomic():
            self.write_providers(plan, user, source)
            new_services, changed, fields, relations = [], [], set(), []
            for row in plan.changes:
                values = row.values
                service = row.existing or Service(live=True)
                written = [attr for attr in values if attr not in self.not_fields
                           and (row.existing is None or self.by_heading_attr(attr) in row.changed)]
                for attr in written:
                    setattr(service, attr, values[attr])
                fields.update(written)
                service.provider = self.providers[values["provider_ico"]]
                if row.existing is None or "IČO poskytovatele" in row.changed:
                    fields.add("provider")
                service.search_text = service.build_search_text()
                fields.add("search_text")
                (new_services if row.existing is None else changed).append(service)
                relations.append((service, row))
            store(Service, new_services, changed, fields)
            for service in new_services:
                # Known to be empty: saves two queries per service when serialising revisions.
                service.contacts, service.locations = [], []
            self.write_relations(relations)
            write_documents([service.pk for service, _row in relations])
            results = {service.pk: (NEW if row.existing is None else "update")
                       for service, row in relations}
            record_publication(Service, [service for service, _row in relations], user,
                               results, source)

    def by_heading_attr(self, attr):
        return next(column.heading for column in self.columns if column.attr == attr)

    def write_providers(self, plan, user, source):
        new = {}
        for row in plan.changes:
            ico = row.values["provider_ico"]
            if ico not in self.providers and ico not in new:
                name = row.values["provider_name"]
                new[ico] = Provider(ico=ico, name=name, search_text=normalise(f"{name} {ico}"))
        if new:
            providers = list(new.values())
            store(Provider, providers, [], [])
            record_publication(Provider, providers, user,
                               {provider.pk: NEW for provider in providers}, source)
            self.providers.update(new)

    def write_relations(self, relations):
        """Replace the relations a row changes; keep the rest (and free places) as they are."""
        m2m = {"target_groups": (Service.target_groups.through, "targetgroup_id"),
               "age_groups": (Service.age_groups.through, "agegroup_id"),
               "service_areas": (Service.service_areas.through, "municipality_id"),
               "spoken_languages": (Service.spoken_languages.through, "language_id")}
        for attr, (through, column) in m2m.items():
            touched = [(service, row) for service, row in relations
                       if attr in row.values and self.relation_changed(row, attr)]
            through.objects.filter(service_id__in=[
                service.pk for service, row in touched if row.existing is not None]).delete()
            through.objects.bulk_create(
                [through(service_id=service.pk, **{column: item.pk})
                 for service, row in touched for item in row.values[attr]], batch_size=1000)
            for service, row in touched:
                setattr(service, attr, row.values[attr])  # in memory, for the revision content
        self.write_provisions(relations)
        self.write_tags(relations)

    def relation_changed(self, row, attr):
        return row.existing is None or self.by_heading_attr(attr) in row.changed

    def write_provisions(self, relations):
        touched = [(service, row) for service, row in relations
                   if "provisions" in row.values and self.relation_changed(row, "provisions")]
        kept = {}
        for service, row in touched:
            if row.existing is not None:
                # Free places are the provider's local data: carried over per form.
                kept[service.pk] = {p.form_id: p for p in service.provisions.all()}
        ServiceProvision.objects.filter(service_id__in=list(kept)).delete()
        built = {}
        for service, row in touched:
            old = kept.get(service.pk, {})
            built[service.pk] = [
                ServiceProvision(
                    service=service, form=form, non_stop=non_stop, unit=unit, maximum=maximum,
                    available=getattr(old.get(form.pk), "available", None),
                    available_updated=getattr(old.get(form.pk), "available_updated", None),
                    sort_order=index,
                )
                for index, (form, non_stop, unit, maximum) in enumerate(row.values["provisions"])
            ]
        ServiceProvision.objects.bulk_create(
            [p for provisions in built.values() for p in provisions], batch_size=1000)
        for service, _row in touched:
            service.provisions = built[service.pk]

    def write_tags(self, relations):
        touched = [(service, row) for service, row in relations
                   if "tags" in row.values and self.relation_changed(row, "tags")]
        if not touched:
            return
        names = {name for _service, row in touched for name in row.values["tags"]}
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        slugs = set(Tag.objects.values_list("slug", flat=True))
        new_tags = []
        for name in sorted(names - set(tags)):
            base = slugify(name, allow_unicode=False) or "stitek"
            slug, number = base, 1
            while slug in slugs:
                number += 1
                slug = f"{base}_{number}"
            slugs.add(slug)
            new_tags.append(Tag(name=name, slug=slug))
        Tag.objects.bulk_create(new_tags)
        tags.update({tag.name: tag for tag in new_tags})
        ServiceTag.objects.filter(content_object_id__in=[
            service.pk for service, row in touched if row.existing is not None]).delete()
        built = {service.pk: [ServiceTag(content_object=service, tag=tags[name])
                              for name in row.values["tags"]]
                 for service, row in touched}
        ServiceTag.objects.bulk_create([t for items in built.values() for t in items],
                                       batch_size=1000)
        for service, _row in touched:
            service.tagged_items = built[service.pk]
