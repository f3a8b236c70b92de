"""Sync with the national register of social service providers (its open-data JSON).

The register owns: the service type, target and age groups, forms with registered capacity,
the service's contacts (e-mail, phone, web; the provider's when the service has none) and the
facilities' addresses. Everything else is local and never touched: descriptions, photos, free
places, tags, contact people, status. Statutory persons and facility managers are personal data
and are never read. A facility with ``utajenaAdresa`` becomes a secret location and keeps only
its municipality: the street is not even stored.

The file is validated as a whole and a sharp change in the number of services stops the sync
(``KP_CATALOGUE_REGISTER_MAX_CHANGE``, default 0.3 = 30 %) unless the editor forces it.

The whole national register (about 12 MB for 6,700 services today) is one file, so it has its
own size limit (``KP_CATALOGUE_REGISTER_MAX_BYTES``, default 100 MB) instead of the spreadsheet
import's 5 MB, and it is parsed as a stream (ijson): only the items of our area are kept.
"""

import io

import ijson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.columns import (
    Column,
    ProvisionsColumn,
    TermColumn,
    TermsColumn,
)
from kp_catalogue.exchange.importing.engine import ERROR, ImportPlan, RowResult
from kp_catalogue.exchange.importing.reading import FileRejected
from kp_catalogue.exchange.importing.services import NOT_FIELDS, ProviderIcoColumn, ServiceImporter
from kp_catalogue.models import (
    AgeGroup,
    CapacityUnit,
    Location,
    Municipality,
    ServiceForm,
    ServiceType,
    TargetGroup,
)
from kp_catalogue.models.validators import validate_ico

DEFAULT_MAX_CHANGE = 0.3
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def max_register_bytes():
    return getattr(settings, "KP_CATALOGUE_REGISTER_MAX_BYTES", DEFAULT_MAX_BYTES)


def code_of(value):
    """``{"id": "Kraj/51"}`` -> "51"; codes stay text (leading zeros matter)."""
    if isinstance(value, dict):
        value = value.get("id")
    if value is None:
        return ""
    return str(value).rsplit("/", 1)[-1]


def first_contact(item, key, field):
    for source in (item, item.get("poskytovatel") or {}):
        for entry in source.get(key) or []:
            if isinstance(entry, dict) and entry.get(field):
                return str(entry[field]).strip()
    return ""


def facility_address(facility):
    address = facility.get("adresa") if isinstance(facility.get("adresa"), dict) else facility
    return address or {}


def is_secret(facility):
    return bool(facility.get("utajenaAdresa") or facility_address(facility).get("utajenaAdresa"))


def area_codes(address):
    return {("kraj", code_of(address.get("kraj"))), ("okres", code_of(address.get("okres"))),
            ("obec", code_of(address.get("obec")))}


class LocationsColumn(Column):
    def current(self, obj):
        return [(loc.name, loc.address_1, loc.postal_code, loc.municipality_id,
                 loc.secret_address) for loc in obj.locations.all()]

    def key(self, value):
        return tuple(value)


REGISTER_COLUMNS = (
    Column("Název", "name"),
    ProviderIcoColumn("IČO poskytovatele", "provider_ico"),
    TermColumn("Druh služby", "service_type", ServiceType),
    Column("Identifikátor", "identifier"),
    TermsColumn("Cílové skupiny", "target_groups", TargetGroup),
    TermsColumn("Věkové skupiny", "age_groups", AgeGroup),
    ProvisionsColumn("Formy a kapacity", "provisions"),
    Column("Telefon", "phone"),
    Column("E-mail", "email"),
    Column("Web", "url"),
    LocationsColumn("Adresy zařízení", "locations"),
)


class RegisterImporter(ServiceImporter):
    kind = "register"
    columns = REGISTER_COLUMNS
    # The name is set when a service is created (the register has none); later it is local.
    match_only = ("identifier", "name")
    not_fields = NOT_FIELDS | {"locations"}
    # The register is the authority on its columns and runs unattended: a provider's pending
    # draft must not stop the sync, so its rows are written as before (docs/catalogue.md).
    refuses_pending_changes = False

    def __init__(self, force=False):
        super().__init__()
        self.force = force

    def area(self):
        configured = getattr(settings, "KP_CATALOGUE_REGISTER_AREA", None)
        if configured:
            return {(level, str(code)) for level, codes in configured.items() for code in codes}
        return {("obec", code) for code in Municipality.objects.exclude(register_code="")
                .values_list("register_code", flat=True)}

    def in_area(self, item, area):
        addresses = [facility_address(f) for f in item.get("zarizeni") or []
                     if isinstance(f, dict)]
        addresses += [a for a in item.get("kontaktniAdresy") or [] if isinstance(a, dict)]
        return any(area_codes(address) & area for address in addresses)

    # -- reading -----------------------------------------------------------------------------
    def read(self, data):
        """The items of the file, one at a time; a damaged file raises when it is reached."""
        if len(data) > max_register_bytes():
            raise FileRejected(_("The file is larger than %(size)s MB.")
                               % {"size": round(max_register_bytes() / 1024 / 1024, 1)})
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            yield from ijson.items(io.BytesIO(data), "polozky.item", use_float=True)
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as error:
            raise FileRejected(_("The register file is not valid JSON (is it complete?).")) \
                from error

    def plan_file(self, data):
        plan = ImportPlan(kind=self.kind)
        area = self.area()
        if area:
            self.load_existing()
        seen = {}
        count = 0
        try:
            for count, item in enumerate(self.read(data), start=1):
                if not isinstance(item, dict):
                    plan.file_errors.append(_("Item %(number)s is not an object.")
                                            % {"number": count})
                    continue
                if area and self.in_area(item, area):
                    plan.rows.append(self.plan_item(count, item, seen))
        except FileRejected as error:
            return ImportPlan(kind=self.kind, file_errors=[str(error)])
        if not count:
            return ImportPlan(kind=self.kind, file_errors=[
                _("The register file has no list of services (key “polozky”).")])
        if not area:
            return ImportPlan(kind=self.kind, file_errors=[
                _("The area is not set: fill in the register codes of the municipalities or the "
                  "setting KP_CATALOGUE_REGISTER_AREA.")])
        self.check_count(plan)
        return plan

    def check_count(self, plan):
        synced = sum(1 for services in self.by_identifier.values() if services)
        found = len(plan.rows)
        limit = getattr(settings, "KP_CATALOGUE_REGISTER_MAX_CHANGE", DEFAULT_MAX_CHANGE)
        plan.missing = sorted(set(self.by_identifier) - {row.values.get("identifier")
                                                         for row in plan.rows})
        plan.sharp_change = bool(synced) and abs(found - synced) > limit * synced
        if plan.sharp_change and not self.force:
            plan.file_errors.append(
                _("The number of services in the area changes sharply (%(before)s in the "
                  "catalogue, %(after)s in the file). Check the file; if it is right, confirm "
                  "the sync with the “force” option.") % {"before": synced, "after": found})

    def plan_item(self, number, item, seen):
        row = RowResult(line=number, action=ERROR)
        identifier = str(item.get("identifikator") or "").strip()
        provider = item.get("poskytovatel") or {}
        ico = str(provider.get("ico") or "").strip()
        row.label = identifier
        if not identifier:
            row.errors.append(_("The service has no identifier."))
        elif identifier in seen:
            row.errors.append(_("The identifier %(value)s repeats item %(number)s.")
                              % {"value": identifier, "number": seen[identifier]})
        else:
            seen[identifier] = number
        try:
            validate_ico(ico)
        except ValidationError as error:
            row.errors.extend(str(message) for message in error.messages)
        service_type = self.terms(ServiceType).by_code.get(code_of(item.get("druhSocialniSluzby")))
        if service_type is None:
            row.errors.append(_("Unknown service type %(code)s: give that code to a service "
                                "type in the catalogue's code lists.")
                              % {"code": (item.get("druhSocialniSluzby") or {}).get("id")})
        if row.errors:
            return row
        provider_name = str(provider.get("nazev") or provider.get("nazevPoskytovatele") or ico)
        row.values = {
            "identifier": identifier,
            "provider_ico": ico,
            "provider_name": provider_name[:255],
            "name": f"{service_type.name} – {provider_name}"[:255],
            "service_type": service_type,
            "target_groups": self.known(TargetGroup, item.get("ciloveSkupiny")),
            "age_groups": self.known(AgeGroup, item.get("vekoveSkupiny")),
            "provisions": self.provisions(item.get("formy")),
            "phone": first_contact(item, "telefony", "telefon")[:40],
            "email": first_contact(item, "emaily", "email")[:254],
            "url": first_contact(item, "weby", "web")[:200],
            "locations": self.locations(item.get("zarizeni")),
        }
        row.label = row.values["name"]
        existing = self.by_identifier.get(identifier, [])
        if len(existing) > 1:
            row.errors.append(_("Several services in the catalogue have the identifier "
                                "%(value)s.") % {"value": identifier})
            return row
        row.existing = existing[0] if existing else None
        return self.compare(row, self.columns)

    def known(self, model, values):
        lookup = self.terms(model).by_code
        return [lookup[code] for code in (code_of(value) for value in values or [])
                if code in lookup]

    def provisions(self, forms):
        form_lookup = self.terms(ServiceForm).by_code
        unit_lookup = self.terms(CapacityUnit).by_code
        provisions = []
        for entry in forms or []:
            form = form_lookup.get(code_of(entry.get("forma")))
            if form is None:
                continue
            capacities = entry.get("kapacity") or [{}]
            capacity = capacities[0] if isinstance(capacities[0], dict) else {}
            unit = unit_lookup.get(code_of(capacity.get("typ")))
            maximum = capacity.get("pocet") if unit else None
            provisions.append((form, bool(entry.get("nepretrzitePoskytovani")), unit,
                               int(maximum) if isinstance(maximum, int) else None))
        return provisions

    def locations(self, facilities):
        municipalities = {m.register_code: m for m in self.terms(Municipality).by_code.values()
                          if m.register_code}
        result = []
        for facility in facilities or []:
            if not isinstance(facility, dict):
                continue
            address = facility_address(facility)
            municipality = municipalities.get(code_of(address.get("obec")))
            secret = is_secret(facility)
            street = " ".join(str(part) for part in [
                (address.get("ulice") or {}).get("nazev") or "",
                "/".join(str(n) for n in [address.get("cisloDomovni"),
                                          address.get("cisloOrientacni")] if n),
            ] if part).strip()
            result.append((
                str(facility.get("nazev") or "")[:200],
                "" if secret else street[:200],
                "" if secret else str(address.get("psc") or "")[:6],
                municipality.pk if municipality else None,
                secret,
            ))
        return result

    # -- writing -----------------------------------------------------------------------------
    def write_relations(self, relations):
        super().write_relations(relations)
        touched = [(service, row) for service, row in relations
                   if row.existing is None or "Adresy zařízení" in row.changed]
        kept = {}
        for service, row in touched:
            if row.existing is not None:
                # Coordinates, accessibility and opening hours are local: carried over per
                # address (the register has none of them).
                kept[service.pk] = {(loc.address_1, loc.postal_code): loc
                                    for loc in service.locations.all()}
        features = {loc.pk: list(loc.accessibility_features.all())
                    for old in kept.values() for loc in old.values()}
        Location.objects.filter(service_id__in=list(kept)).delete()
        built = {}
        for service, row in touched:
            old = kept.get(service.pk, {})
            built[service.pk] = []
            for index, (name, street, psc, municipality_id, secret) in enumerate(
                    row.values["locations"]):
                previous = old.get((street, psc)) if street else None
                location = Location(
                    service=service, name=name, address_1=street, postal_code=psc,
                    city=self.municipality_name(municipality_id),
                    municipality_id=municipality_id, secret_address=secret, sort_order=index,
                    latitude=getattr(previous, "latitude", None),
                    longitude=getattr(previous, "longitude", None),
                    accessibility=getattr(previous, "accessibility", ""),
                    opening_hours=getattr(previous, "opening_hours", []),
                    hours_exceptions=getattr(previous, "hours_exceptions", []),
                    open_days=getattr(previous, "open_days", ""),
                )
                location.kept_features = features.get(getattr(previous, "pk", None), [])
                built[service.pk].append(location)
        created = Location.objects.bulk_create([loc for items in built.values() for loc in items])
        through = Location.accessibility_features.through
        through.objects.bulk_create(
            [through(location_id=loc.pk, accessibilityfeature_id=feature.pk)
             for loc in created for feature in loc.kept_features], batch_size=1000)
        for loc in created:
            loc.accessibility_features = loc.kept_features  # in memory, for the revision
        for service, _row in touched:
            service.locations = built[service.pk]

    def municipality_name(self, pk):
        for municipality in self.terms(Municipality).by_code.values():
            if municipality.pk == pk:
                return municipality.name
        return ""


def sync_register(data, user=None, dry_run=False, force=False, source="register"):
    importer = RegisterImporter(force=force)
    importer.user = user
    plan = importer.plan_file(data)
    if not dry_run and not plan.has_errors and plan.changes:
        importer.write(plan, user, source)
    return plan
