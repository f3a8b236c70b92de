"""The shortlist "Můj výběr": services a visitor (often a social worker with a client) picks
to hand over. The list lives only in the URL (``?s=12&s=40``), so it needs no account and no
cookie, can be bookmarked, printed or sent as a link, and a cached page stays the same for
everyone with the same address.
"""

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

PARAM = "s"
MAX_ITEMS = 30


class ShortlistTooLong(ValueError):
    message = _("A list can hold at most %(max)s services. Remove some and try again.") % {
        "max": MAX_ITEMS}


def parse(data):
    """The ids in the query, in their order, without duplicates; values that are not ids are
    ignored (a mistyped link still shows the rest). More than MAX_ITEMS raises
    ShortlistTooLong."""
    ids = []
    for raw in data.getlist(PARAM):
        raw = raw.strip()
        if raw.isascii() and raw.isdigit() and len(raw) <= 12:
            pk = int(raw)
            if pk > 0 and pk not in ids:
                ids.append(pk)
                if len(ids) > MAX_ITEMS:
                    raise ShortlistTooLong
    return ids


def items(ids):
    return [(PARAM, str(pk)) for pk in ids]


def toggled(ids, pk):
    """The list with this service added, or removed when it is there."""
    return [other for other in ids if other != pk] if pk in ids else [*ids, pk][:MAX_ITEMS]


def url(base, state_items, ids):
    """``base`` with the other state (filters, origin) and this list in its query."""
    query = urlencode([*state_items, *items(ids)])
    return f"{base}?{query}" if query else base


def ordered(services, ids):
    """The services in the order the visitor added them (unknown or unpublished ids drop)."""
    by_pk = {service.pk: service for service in services}
    return [by_pk[pk] for pk in ids if pk in by_pk]
