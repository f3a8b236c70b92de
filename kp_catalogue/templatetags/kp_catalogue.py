"""Template helpers of the public catalogue: links into the catalogue page and the stale flag."""

import datetime

from django import template
from django.utils import timezone

from kp_catalogue.freshness import is_stale as stale
from kp_catalogue.models.hours import format_date, hours_on, intervals_text, open_at, week_table

register = template.Library()


@register.simple_tag
def service_url(page, service):
    return page.service_url(service)


@register.simple_tag
def provider_url(page, provider):
    return page.provider_url(provider)


@register.filter
def is_stale(service):
    """True when the service's data have not been verified for too long."""

    return stale(service)


@register.simple_tag
def location_hours(location, days_ahead=30):
    """What the detail page shows of a place's hours: open now (Prague time, as of the
    minute the page was made, which the page says, as pages are cached), the week table and
    the exceptions of the coming weeks."""
    now = timezone.localtime()
    today = now.date()
    upcoming = []
    for row in location.hours_exceptions or []:
        date = datetime.date.fromisoformat(row["date"])
        if today <= date <= today + datetime.timedelta(days=days_ahead):
            intervals, _row = hours_on([], [row], date)
            upcoming.append({"date": format_date(date), "closed": row["closed"],
                             "hours": intervals_text(intervals), "note": row["note"]})
    return {
        "open": open_at(location.opening_hours, location.hours_exceptions, now),
        "as_of": now,
        "week": week_table(location.opening_hours) if location.opening_hours else [],
        "exceptions": upcoming,
    }
