"""Template helpers of the public catalogue: links into the catalogue page and the shortlist,
the stale flag, distances and capacities in Czech words."""

import datetime

from django import template
from django.utils import timezone
from django.utils.numberformat import format as _format
from django.utils.translation import gettext, ngettext

from kp_catalogue import follow_links
from kp_catalogue.freshness import is_stale as stale
from kp_catalogue.models import Municipality
from kp_catalogue.models.hours import format_date, hours_on, intervals_text, open_at, week_table
from kp_catalogue.public import shortlist, terms

register = template.Library()


@register.simple_tag(takes_context=True)
def municipality_follow_url(context, municipality):
    """Where to follow one municipality's catalogue by e-mail, or "" when nothing on this site
    offers it. ``municipality``: the object where the view has it (the finder), else its code
    as in ``?obec=``. Sets ``follow_name`` for the link's text."""
    if isinstance(municipality, str):
        municipality = (Municipality.objects.filter(code=municipality).first()
                        if municipality else None)
    url = follow_links.municipality_link(municipality)
    if url:
        context["follow_name"] = municipality.name
    return url


@register.simple_tag
def term_options(lists, name, selected=""):
    """``<option>``s of ``lists.<name>`` (``public/terms.py``), ``selected`` marked."""
    return terms.options(lists, name, selected or "")


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
def number_format(value, decimal_pos=None, force_grouping=False):
    # Czech: decimal comma, a (non-breaking) space between thousands ("20 000").
    return _format(value, ",", decimal_pos, grouping=3, thousand_sep="\xa0",
                   force_grouping=force_grouping)


@register.simple_tag
def shortlist_toggle_url(base, state_items, ids, pk):
    """``base`` (the page the button is on) with this service added to or removed from the
    list in the URL, and the other state kept; back at the same card."""
    return shortlist.url(base, state_items, shortlist.toggled(ids, pk)) + f"#sluzba-{pk}"


@register.simple_tag
def shortlist_link(base, ids):
    return shortlist.url(base, [], ids)


@register.filter
def km(distance):
    """A distance in kilometres the Czech way: "3,4 km"."""
    if distance is None:
        return ""
    return gettext("%(distance)s km") % {"distance": number_format(round(distance, 1), 1)}


# Capacity counted in the register's units, with the Czech plural of each ("60 klientů",
# "22 lůžek"); an editor's own unit falls back to its name.
UNIT_LABELS = {
    "klient": lambda n: ngettext("%(count)s client", "%(count)s clients", n),
    "kontakt": lambda n: ngettext("%(count)s contact", "%(count)s contacts", n),
    "interv": lambda n: ngettext("%(count)s intervention", "%(count)s interventions", n),
    "luzka": lambda n: ngettext("%(count)s bed", "%(count)s beds", n),
    "hovor": lambda n: ngettext("%(count)s call", "%(count)s calls", n),
}


@register.filter
def capacity(provision):
    """The registered capacity of a form of provision in words, "" when none is given."""
    if provision.maximum is None:
        return ""
    unit = provision.unit
    label = UNIT_LABELS.get(unit.code) if unit is not None else None
    if label is None:
        return f"{number_format(provision.maximum)} {unit.name if unit else ''}".strip()
    return label(provision.maximum) % {"count": number_format(provision.maximum,
                                                              force_grouping=True)}
