"""Opening hours: the text form parses into rows and back, refuses what it cannot mean with a
Czech message, and says whether a place is open at a given time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kp_catalogue.models.hours import (
    MAX_TEXT,
    format_exceptions,
    format_weekly,
    open_at,
    open_days,
    parse_exceptions,
    parse_weekly,
    week_table,
)


def test_weekly_text_round_trip():
    rows = parse_weekly("Po–Pá 8:00–12:00, 13–16; So 9.00-11:00")
    assert rows[:2] == [{"weekday": 1, "opens": "08:00", "closes": "12:00"},
                        {"weekday": 1, "opens": "13:00", "closes": "16:00"}]
    assert rows[-1] == {"weekday": 6, "opens": "09:00", "closes": "11:00"}
    assert len(rows) == 11
    assert format_weekly(rows) == "Po–Pá 8:00–12:00, 13:00–16:00; So 9:00–11:00"
    assert parse_weekly(format_weekly(rows)) == rows
    assert open_days(rows) == "123456"


def test_days_without_diacritics_lists_and_pairs():
    rows = parse_weekly("po, st 8-10\nut 9-10; CT-pa 0:00–24:00")
    assert open_days(rows) == "12345"
    assert format_weekly(rows) == "Po 8:00–10:00; Út 9:00–10:00; St 8:00–10:00; Čt, Pá 0:00–24:00"
    assert parse_weekly("") == []


@pytest.mark.parametrize("text, message", [
    ("Po–Pá 16:00–8:00", "zavírací čas"),
    ("Po 8:00–12:00, 11:00–14:00", "překrývají"),
    ("Xy 8–12", "není den"),
    ("Pá–Po 8–12", "pozpátku"),
    ("Po 8–12; Po 13–14", "dvakrát"),
    ("Po 25:00–26:00", "není čas"),
    ("Po osm až dvanáct", "dny a hodiny"),
    ("Po 8-9, 10-11, 12-13, 14-15, 16-17", "Nejvýše 4"),
    ("Po 8–12" + " " * MAX_TEXT, "nejvýše 500 znaků"),
])
def test_bad_weekly_text_is_refused_in_czech(text, message):
    with translation.override("cs"), pytest.raises(ValidationError) as error:
        parse_weekly(text)
    assert message in " ".join(error.value.messages)


def test_exceptions_round_trip_and_errors():
    rows = parse_exceptions("31. 12. 2026 8:00–12:00 – zkrácená doba\n24.12.2026 zavřeno – Štědrý den")
    assert rows == [
        {"date": "2026-12-24", "closed": True, "hours": [], "note": "Štědrý den"},
        {"date": "2026-12-31", "closed": False, "hours": [["08:00", "12:00"]],
         "note": "zkrácená doba"},
    ]
    assert parse_exceptions(format_exceptions(rows)) == rows
    for text, message in [("31. 2. 2026 zavřeno", "není datum"), ("zítra zavřeno", "datem"),
                          ("1. 1. 2027", "zavřeno"),
                          ("1. 1. 2027 zavřeno\n1. 1. 2027 8-9", "dvakrát"),
                          ("1. 1. 2027 zavřeno – " + "x" * 200, "Poznámka")]:
        with translation.override("cs"), pytest.raises(ValidationError) as error:
            parse_exceptions(text)
        assert message in " ".join(error.value.messages), text
    too_many = "\n".join(f"{day}. 1. 2027 zavřeno" for day in range(1, 32))
    with pytest.raises(ValidationError):
        parse_exceptions(too_many)


def test_open_at_uses_exceptions_first():
    weekly = parse_weekly("Po–Pá 8:00–16:00; So 9:00–12:00")
    exceptions = parse_exceptions("24. 12. 2026 zavřeno\n31. 12. 2026 8:00–10:00")
    thursday = dt.datetime(2026, 12, 17, 15, 59)
    assert open_at(weekly, exceptions, thursday) is True
    assert open_at(weekly, exceptions, thursday.replace(hour=16, minute=0)) is False
    assert open_at(weekly, exceptions, dt.datetime(2026, 12, 19, 10)) is True   # Saturday
    assert open_at(weekly, exceptions, dt.datetime(2026, 12, 20, 10)) is False  # Sunday
    assert open_at(weekly, exceptions, dt.datetime(2026, 12, 24, 10)) is False  # closed
    assert open_at(weekly, exceptions, dt.datetime(2026, 12, 31, 9)) is True
    assert open_at(weekly, exceptions, dt.datetime(2026, 12, 31, 11)) is False
    assert open_at([], [], thursday) is None
    table = week_table(weekly)
    assert len(table) == 7 and table[5][1] == "9:00–12:00" and table[6][1] == ""
