"""The places sheet ("Místa"): one row per location of a service, with its weekly hours a column
per day, its exceptions and its accessibility features, beside the services sheet.

Rows only ever update places that exist: a place is named by its ID and the ID of its service,
and the two must belong together, so a row cannot reach a place of another service (or of
another organisation) by a wrong or forged ID. Names and addresses are in the sheet so people
recognise the place; they are informative, because addresses are the register's and the admin's
(the register sync rebuilds them). Places are added and removed in the admin.

A day's cell is ``8:00–12:00, 13:00–16:30``, ``zavřeno`` or empty. A place with no hours at all
exports seven empty cells (hours not known); once any day has hours, the other days export as
``zavřeno``. Either way an empty cell and ``zavřeno`` read back the same: no hours that day.

Writing changes the live rows and records and publishes a revision of each touched service,
like the services sheet, so the places' new values are in the service's history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.columns import (
    SEPARATOR,
    CellError,
    Column,
    IdColumn,
    TermsColumn,
    split_values,
    validation_message,
)
from kp_catalogue.exchange.importing.engine import Importer, refuse_unsafe_update
from kp_catalogue.exchange.importing.saving import record_publication
from kp_catalogue.models import AccessibilityFeature, Location, Service
from kp_catalogue.models.hours import (
    WEEKDAYS,
    format_exceptions,
    intervals_text,
    open_days,
    parse_exceptions,
    parse_intervals,
)
from kp_catalogue.search.text import normalise

# Four ranges of "23:00–23:59" with separators take 54 characters; anything much longer is not
# a day's hours.
MAX_DAY_CHARS = 100
MAX_INFO_CHARS = 300
CLOSED_WORDS = {"zavreno", "closed"}
CLOSED = "zavřeno"
FEATURES_HEADING = "Bezbariérovost"
DAY_HEADINGS = {1: "Pondělí", 2: "Úterý", 3: "Středa", 4: "Čtvrtek", 5: "Pátek", 6: "Sobota",
                7: "Neděle"}


def day_attr(weekday):
    return f"day_{weekday}"


def intervals_by_day(rows):
    by_day = {day: [] for day in WEEKDAYS}
    for row in rows or []:
        by_day[row["weekday"]].append((row["opens"], row["closes"]))
    return by_day


class InfoColumn(Column):
    """Shown so that people recognise the row; never written."""

    def __init__(self, heading, attr, path):
        super().__init__(heading, attr)
        self.path = path

    def parse(self, text, context):
        if len(text) > MAX_INFO_CHARS:
            raise CellError(_("at most %(count)s characters") % {"count": MAX_INFO_CHARS})
        return text

    def current(self, obj):
        for name in self.path:
            obj = getattr(obj, name)
        return obj


class DayColumn(Column):
    """One weekday's hours: ``8:00–12:00, 13:00–16:30`` or ``zavřeno``."""

    def __init__(self, weekday):
        super().__init__(DAY_HEADINGS[weekday], day_attr(weekday))
        self.weekday = weekday

    def parse(self, text, context):
        if len(text) > MAX_DAY_CHARS:
            raise CellError(_("at most %(count)s characters") % {"count": MAX_DAY_CHARS})
        if not text or normalise(text) in CLOSED_WORDS:
            return []
        try:
            return parse_intervals(text)
        except ValidationError as error:
            raise CellError(validation_message(error)) from error

    def current(self, obj):
        return intervals_by_day(obj.opening_hours)[self.weekday]

    def key(self, value):
        return tuple(tuple(pair) for pair in value)

    def export(self, obj):
        if not obj.opening_hours:
            return ""
        return intervals_text(self.current(obj)) or CLOSED


class ExceptionsColumn(Column):
    """One exception a line, as in the admin: ``24. 12. 2026 zavřeno – Štědrý den``."""

    def parse(self, text, context):
        try:
            return parse_exceptions(text)
        except ValidationError as error:
            raise CellError(validation_message(error)) from error

    def key(self, value):
        return tuple((row["date"], row["closed"], tuple(tuple(pair) for pair in row["hours"]),
                      row["note"]) for row in value or [])

    def export(self, obj):
        return format_exceptions(obj.hours_exceptions)


class FeaturesColumn(TermsColumn):
    """Codes or names separated by `` | `` like the other lists of the sheets; a comma works
    too where the whole text between bars is not itself a name (people type commas)."""

    def parse(self, text, context):
        lookup = context.terms(self.model)
        items = []
        for part in split_values(text):
            try:
                found = [lookup.find(part)]
            except CellError:
                if "," not in part:
                    raise
                found = [lookup.find(piece.strip()) for piece in part.split(",") if piece.strip()]
            items.extend(item for item in found if item not in items)
        return items

    def export(self, obj):
        return SEPARATOR.join(item.name for item in self.current(obj))


LOCATION_COLUMNS = (
    IdColumn("ID služby", "service_id", required=True),
    InfoColumn("Služba", "service_name", ("service", "name")),
    InfoColumn("IČO poskytovatele", "provider_ico", ("service", "provider", "ico")),
    IdColumn("ID místa", "id", required=True),
    InfoColumn("Název místa", "name", ("name",)),
    InfoColumn("Ulice a číslo", "address_1", ("address_1",)),
    InfoColumn("Obec", "city", ("city",)),
    *(DayColumn(weekday) for weekday in WEEKDAYS),
    ExceptionsColumn("Výjimky z provozní doby", "hours_exceptions"),
    FeaturesColumn(FEATURES_HEADING, "accessibility_features", AccessibilityFeature),
    Column("Bezbariérovost – poznámka", "accessibility"),
)
INFO_ATTRS = ("service_id", "service_name", "provider_ico", "id", "name", "address_1", "city")


class LocationImporter(Importer):
    kind = "locations"
    model = Location
    columns = LOCATION_COLUMNS
    match_only = INFO_ATTRS
    user = None

    def load_existing(self):
        self.by_pk = {
            location.pk: location for location in
            Location.objects.select_related("service__provider", "service__locked_by")
            .prefetch_related("accessibility_features")
        }

    def match(self, values):
        location = self.by_pk.get(values["id"])
        if location is None:
            raise CellError(_("ID místa: no place has the ID %(id)s; places are added in the "
                              "admin") % {"id": values["id"]})
        if location.service_id != values["service_id"]:
            raise CellError(_("ID místa: the place %(id)s is not a place of the service with "
                              "the ID %(service)s") % {"id": values["id"],
                                                       "service": values["service_id"]})
        return location

    def identity_keys(self, values):
        return [(_("The place"), ("id", values["id"]))]

    def label(self, values, existing):
        if existing is None:
            return values.get("service_name", "")
        return f"{existing.service.name} – {existing}" if str(existing) else existing.service.name

    def plan_row(self, row, present, seen):
        result = super().plan_row(row, present, seen)
        service = result.existing.service if result.existing is not None else None
        return refuse_unsafe_update(result, service, self.user)

    def run(self, headings, rows, user=None, source="", dry_run=False, progress=None):
        self.user = user
        return super().run(headings, rows, user, source, dry_run, progress)

    # -- writing -----------------------------------------------------------------------------
    def write(self, plan, user, source):
        with transaction.atomic():
            locations = []
            feature_rows = []
            for row in plan.changes:
                location, values = row.existing, row.values
                by_day = intervals_by_day(location.opening_hours)
                for weekday in WEEKDAYS:
                    if day_attr(weekday) in values:
                        by_day[weekday] = values[day_attr(weekday)]
                location.opening_hours = [
                    {"weekday": day, "opens": opens, "closes": closes}
                    for day in sorted(by_day) for opens, closes in by_day[day]]
                # bulk_update skips save(), which keeps the "open on" filter's column.
                location.open_days = open_days(location.opening_hours)
                for attr in ("hours_exceptions", "accessibility"):
                    if attr in values:
                        setattr(location, attr, values[attr])
                locations.append(location)
                if FEATURES_HEADING in row.changed:
                    feature_rows.append((location, values["accessibility_features"]))
            Location.objects.bulk_update(
                locations, ["opening_hours", "open_days", "hours_exceptions", "accessibility"],
                batch_size=500)
            through = Location.accessibility_features.through
            through.objects.filter(
                location_id__in=[location.pk for location, _items in feature_rows]).delete()
            through.objects.bulk_create(
                [through(location_id=location.pk, accessibilityfeature_id=item.pk)
                 for location, items in feature_rows for item in items], batch_size=1000)
            service_ids = {location.service_id for location in locations}
            Service.objects.filter(pk__in=service_ids).update(updated_at=timezone.now())
            # Read back as stored, so each revision carries the places as they are now.
            services = list(
                Service.objects.filter(pk__in=service_ids)
                .select_related("provider", "service_type")
                .prefetch_related("target_groups", "age_groups", "service_areas", "tags",
                                  "tagged_items", "spoken_languages", "contacts",
                                  "locations__accessibility_features", "provisions")
                .order_by("pk"))
            record_publication(Service, services, user,
                               {service.pk: "update" for service in services}, source)
