"""iCalendar feeds (RFC 5545) of meetings and events, built with the ``icalendar`` package.

Only public facts go in: title, time, place and agenda; never members or contacts.
"""

from dataclasses import dataclass
from datetime import datetime

import icalendar
from django.utils import timezone


@dataclass
class Event:
    uid: str
    start: datetime
    end: datetime | None
    summary: str
    location: str = ""
    description: str = ""


def calendar(name: str, events: list[Event], host: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//KPSS//Komunitni planovani//CS")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.uid}@{host.split(':')[0]}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.start)
        if event.end:
            item.add("dtend", event.end)
        item.add("summary", event.summary)
        if event.location:
            item.add("location", event.location)
        if event.description:
            item.add("description", event.description)
        cal.add_component(item)
    return cal.to_ical()
