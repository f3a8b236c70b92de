"""The services API's list items, kept in the shared cache per service.

The response cache of the catalogue keys a whole answer by its URL, so every new filter
combination or search term misses it, and any edit drops all of it. The items of those answers
are the same few thousand service summaries over and over: each is stored under a key that names
the service with its own change stamp and its provider's (``updated_at``, moved by every save,
publication, import and confirmation), the version of the code lists it names
(``public.terms``) and the language. An edit therefore changes the key of that one service only,
a stale summary can never be served, and old keys simply expire. A list answer then needs the
IDs of its page in one query and one read of the cache; only the services whose summary is
missing are loaded with their relations.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from kp_catalogue.public import terms
from kp_catalogue.public.counting import TOTAL
from kp_catalogue.public.stamps import service_key


def _key(language, terms_version, pk, stamp, provider_stamp):
    return service_key("summary", language, terms_version, pk, stamp, provider_stamp)


def summaries(queryset, load, build):
    """``build(service)`` of each service of ``queryset`` (a filtered, ordered, sliced
    queryset of services), in its order, and the number of all services of the query where
    ``queryset`` carries it (``counting.with_total``) and has a row, else ``None``. ``load(pks)``
    returns those services with what ``build`` reads."""
    counted = TOTAL in queryset.query.annotations
    fields = ("pk", "updated_at", "provider__updated_at", *((TOTAL,) if counted else ()))
    rows = list(queryset.prefetch_related(None).values_list(*fields))
    total = rows[0][3] if counted and rows else None
    rows = [row[:3] for row in rows]
    return _summaries(rows, load, build), total


def _summaries(rows, load, build):
    seconds = getattr(settings, "KP_CATALOGUE_CACHE_SECONDS", 0)
    if not seconds:
        by_pk = {service.pk: service for service in load([pk for pk, *_stamps in rows])}
        return [build(by_pk[pk]) for pk, *_stamps in rows if pk in by_pk]
    language, version = get_language(), terms.version()
    keys = {pk: _key(language, version, pk, stamp, provider_stamp)
            for pk, stamp, provider_stamp in rows}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        built = {keys[service.pk]: build(service) for service in load(missing)}
        cache.set_many(built, seconds)
        found.update(built)
    return [found[keys[pk]] for pk, *_stamps in rows if keys[pk] in found]
