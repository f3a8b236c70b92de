"""Opening hours as data: a weekly schedule (rows of weekday + opens + closes, several a day)
and exceptions (a date, closed or other hours, a note).

People write and read them in the form Czech offices print on their doors, "Po–Pá 8:00–12:00,
13:00–16:00; So 9:00–11:00", so the admin form, the spreadsheet import and export and the API's
text form share one parser and one formatter here. The parser is bounded (length, rows, hours
a day) and says in Czech what is wrong; the database keeps the rows as JSON, so a row is never
half valid.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kp_catalogue.search.text import normalise

MAX_TEXT = 500
MAX_EXCEPTIONS_TEXT = 3000
MAX_INTERVALS_A_DAY = 4
MAX_EXCEPTIONS = 30
MAX_NOTE = 120

# ISO weekday (1 = Monday) -> Czech abbreviation, and HSDS/iCalendar BYDAY code
WEEKDAYS = {1: "Po", 2: "Út", 3: "St", 4: "Čt", 5: "Pá", 6: "So", 7: "Ne"}
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
# URL values of the "open on" filter, folded like everything typed
DAY_BY_KEY = {normalise(name): number for number, name in WEEKDAYS.items()}
WEEKDAY_NAMES = {
    1: _("Monday"), 2: _("Tuesday"), 3: _("Wednesday"), 4: _("Thursday"), 5: _("Friday"),
    6: _("Saturday"), 7: _("Sunday"),
}

_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_INTERVAL = re.compile(rf"^{_TIME}\s*[-–—]\s*{_TIME}$")
_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*:?\s*")
_CLOSED = ("zavreno", "zavřeno")


def _minutes(text):
    hours, minutes = (int(part) for part in text.split(":"))
    return hours * 60 + minutes


def _time_text(hours, minutes):
    hours, minutes = int(hours), int(minutes or 0)
    if hours > 24 or minutes > 59 or (hours == 24 and minutes):
        raise ValidationError(_("%(time)s is not a time of day."),
                              params={"time": f"{hours}:{minutes:02d}"}, code="time")
    return f"{hours:02d}:{minutes:02d}"


def parse_intervals(text):
    """ "8:00–12:00, 13–16" -> [("08:00", "12:00"), ("13:00", "16:00")], sorted, not
    overlapping."""
    intervals = []
    for part in text.split(","):
        part = part.strip()
        match = _INTERVAL.match(part)
        if not match:
            raise ValidationError(
                _("\"%(part)s\" is not a time range; write it as 8:00–16:00."),
                params={"part": part[:40]}, code="interval")
        opens, closes = _time_text(*match.group(1, 2)), _time_text(*match.group(3, 4))
        if _minutes(opens) >= _minutes(closes):
            raise ValidationError(
                _("In \"%(part)s\" the closing time must come after the opening time."),
                params={"part": part[:40]}, code="order")
        intervals.append((opens, closes))
    if len(intervals) > MAX_INTERVALS_A_DAY:
        raise ValidationError(_("At most %(count)s time ranges a day."),
                              params={"count": MAX_INTERVALS_A_DAY}, code="too_many")
    intervals.sort()
    for (_o1, closes), (opens, _c2) in zip(intervals, intervals[1:], strict=False):
        if _minutes(opens) < _minutes(closes):
            raise ValidationError(_("The time ranges of one day overlap."), code="overlap")
    return intervals


def _day(token):
    number = DAY_BY_KEY.get(normalise(token))
    if number is None:
        raise ValidationError(
            _("\"%(day)s\" is not a day; use Po, Út, St, Čt, Pá, So, Ne."),
            params={"day": token[:20]}, code="day")
    return number


def _days(text):
    days = []
    for part in text.split(","):
        ends = [token.strip() for token in re.split(r"[-–—]", part) if token.strip()]
        if len(ends) == 1:
            days.append(_day(ends[0]))
        elif len(ends) == 2:
            first, last = _day(ends[0]), _day(ends[1])
            if last < first:
                raise ValidationError(_("The days \"%(part)s\" run backwards."),
                                      params={"part": part.strip()[:20]}, code="day_order")
            days.extend(range(first, last + 1))
        else:
            raise ValidationError(_("\"%(day)s\" is not a day; use Po, Út, St, Čt, Pá, So, Ne."),
                                  params={"day": part.strip()[:20]}, code="day")
    return days


def parse_weekly(text):
    """ "Po–Pá 8:00–12:00, 13:00–16:00; So 9–11" -> rows {weekday, opens, closes} sorted by
    day and time. An empty text is an empty schedule (not known), not "closed all week"."""
    text = text or ""
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Opening hours may have at most %(count)s characters."),
                              params={"count": MAX_TEXT}, code="too_long")
    by_day = {}
    for segment in re.split(r"[;\n]", text):
        segment = segment.strip()
        if not segment:
            continue
        match = re.search(r"\d", segment)
        if match is None or not segment[:match.start()].strip():
            raise ValidationError(
                _("\"%(part)s\" needs days and hours, e.g. Po–Pá 8:00–16:00."),
                params={"part": segment[:40]}, code="segment")
        days = _days(segment[:match.start()])
        intervals = parse_intervals(segment[match.start():])
        for day in days:
            if day in by_day:
                raise ValidationError(_("%(day)s is given twice."),
                                      params={"day": WEEKDAYS[day]}, code="twice")
            by_day[day] = intervals
    return [{"weekday": day, "opens": opens, "closes": closes}
            for day in sorted(by_day) for opens, closes in by_day[day]]


def _by_day(rows):
    by_day = {}
    for row in rows or []:
        by_day.setdefault(row["weekday"], []).append((row["opens"], row["closes"]))
    return by_day


def _time_label(value):
    hours, minutes = value.split(":")
    return f"{int(hours)}:{minutes}"


def intervals_text(intervals):
    return ", ".join(f"{_time_label(opens)}–{_time_label(closes)}" for opens, closes in intervals)


def format_weekly(rows):
    """The inverse of ``parse_weekly``: consecutive days with equal hours share one range."""
    by_day = _by_day(rows)
    groups = []
    for day in sorted(by_day):
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == by_day[day]:
            groups[-1][1] = day
        else:
            groups.append([day, day, by_day[day]])
    parts = []
    for first, last, intervals in groups:
        days = WEEKDAYS[first] if first == last else (
            f"{WEEKDAYS[first]}, {WEEKDAYS[last]}" if last == first + 1
            else f"{WEEKDAYS[first]}–{WEEKDAYS[last]}")
        parts.append(f"{days} {intervals_text(intervals)}")
    return "; ".join(parts)


def parse_exceptions(text):
    """One exception a line: "24. 12. 2026 zavřeno – Štědrý den" or
    "31. 12. 2026 8:00–12:00 – zkrácená doba"."""
    text = text or ""
    if len(text) > MAX_EXCEPTIONS_TEXT:
        raise ValidationError(_("Exceptions may have at most %(count)s characters."),
                              params={"count": MAX_EXCEPTIONS_TEXT}, code="too_long")
    exceptions = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _DATE.match(line)
        if not match:
            raise ValidationError(
                _("\"%(line)s\" does not start with a date such as 24. 12. 2026."),
                params={"line": line.strip()[:40]}, code="date")
        day, month, year = (int(part) for part in match.groups())
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise ValidationError(_("%(date)s is not a date."),
                                  params={"date": match.group(0).strip(" :")},
                                  code="date") from None
        rest = line[match.end():].strip()
        hours, note = _split_note(rest)
        if normalise(hours) in _CLOSED:
            closed, intervals = True, []
        elif hours:
            closed, intervals = False, parse_intervals(hours)
        else:
            raise ValidationError(
                _("After the date write \"zavřeno\" or the hours, e.g. 8:00–12:00."),
                code="hours")
        if len(note) > MAX_NOTE:
            raise ValidationError(_("A note may have at most %(count)s characters."),
                                  params={"count": MAX_NOTE}, code="note")
        if date in exceptions:
            raise ValidationError(_("%(date)s is given twice."),
                                  params={"date": format_date(date)}, code="twice")
        exceptions[date] = {"date": date.isoformat(), "closed": closed,
                            "hours": [list(pair) for pair in intervals], "note": note}
    if len(exceptions) > MAX_EXCEPTIONS:
        raise ValidationError(_("At most %(count)s exceptions."),
                              params={"count": MAX_EXCEPTIONS}, code="too_many")
    return [exceptions[date] for date in sorted(exceptions)]


def _split_note(rest):
    # The hours end where a word that is not a time starts ("zavřeno" is the one word allowed).
    match = re.match(r"^(zav[řr]eno|[\d:.,\s\-–—]*\d)\s*(?:[-–—,:]\s*)?(.*)$", rest, re.IGNORECASE)
    if not match:
        return "", rest
    return match.group(1).strip(), match.group(2).strip()


def format_date(date):
    return f"{date.day}. {date.month}. {date.year}"


def format_exceptions(rows):
    lines = []
    for row in rows or []:
        date = datetime.date.fromisoformat(row["date"])
        hours = "zavřeno" if row["closed"] else intervals_text(row["hours"])
        lines.append(f"{format_date(date)} {hours}" + (f" – {row['note']}" if row["note"] else ""))
    return "\n".join(lines)


def open_days(rows):
    """The weekdays with any hours, as digits ("123456"): what the "open on" filter matches."""
    return "".join(str(day) for day in sorted(_by_day(rows)))


def hours_on(weekly, exceptions, date):
    """(intervals, exception or None) that apply on ``date``."""
    for row in exceptions or []:
        if row["date"] == date.isoformat():
            return [tuple(pair) for pair in row["hours"]], row
    return _by_day(weekly).get(date.isoweekday(), []), None


def open_at(weekly, exceptions, moment):
    """True/False for a local datetime; None when the place has no schedule."""
    if not weekly and not exceptions:
        return None
    intervals, _exception = hours_on(weekly, exceptions, moment.date())
    now = moment.hour * 60 + moment.minute
    return any(_minutes(opens) <= now < _minutes(closes) for opens, closes in intervals)


def week_table(weekly):
    """Seven rows (day name, hours text or "") for the detail page."""
    by_day = _by_day(weekly)
    return [(WEEKDAY_NAMES[day], intervals_text(by_day.get(day, []))) for day in WEEKDAYS]


class _TextFormField(forms.CharField):
    """Shows the rows as text and turns the text back into rows."""

    parse = staticmethod(parse_weekly)
    format = staticmethod(format_weekly)

    def __init__(self, *args, max_length=None, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(*args, max_length=max_length, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return self.format(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return self.parse(super().to_python(value))

    def has_changed(self, initial, data):
        try:
            return (initial or []) != (self.to_python(data) or [])
        except ValidationError:
            return True


class WeeklyHoursFormField(_TextFormField):
    pass


class HoursExceptionsFormField(_TextFormField):
    parse = staticmethod(parse_exceptions)
    format = staticmethod(format_exceptions)


class WeeklyHoursField(models.JSONField):
    """JSON rows [{weekday, opens, closes}] edited as "Po–Pá 8:00–16:00"."""

    form_class = WeeklyHoursFormField
    parse = staticmethod(parse_weekly)
    format = staticmethod(format_weekly)

    def formfield(self, **kwargs):
        # Field.formfield, not JSONField's: the form edits text, not JSON.
        kwargs["form_class"] = self.form_class
        return models.Field.formfield(self, **kwargs)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        # Rows that came from anywhere else (the API, a revision) pass the same parser.
        if value and self.parse(self.format(value)) != value:
            raise ValidationError(_("The opening hours are not valid."), code="invalid")


class HoursExceptionsField(WeeklyHoursField):
    """JSON rows [{date, closed, hours, note}] edited one a line."""

    form_class = HoursExceptionsFormField
    parse = staticmethod(parse_exceptions)
    format = staticmethod(format_exceptions)
