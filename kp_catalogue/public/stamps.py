"""What is kept rendered per version of one service (cards, API list items, detail bodies).

The key names the service with its own change stamp and its provider's (``updated_at``, moved
by every save, publication, import and confirmation), the version of the code lists it names
(``public.terms``), the language and whatever else the caller's part shows. An edit changes the
keys of that one service only, so a stale part can never be served, and old keys simply expire.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from kp_catalogue.public import terms


def service_key(kind, language, terms_version, pk, stamp, provider_stamp, *extra):
    parts = (kind, language, terms_version, pk, stamp.timestamp(), provider_stamp.timestamp(),
             *extra)
    return "kp:" + ":".join(str(part) for part in parts)


def kept(kind, rows, build, *extra):
    """``{pk: part}`` for ``rows`` of ``(pk, stamp, provider_stamp)``: one read of the cache,
    then ``build(pks) -> {pk: part}`` for those not kept, which are kept as long as a cached
    page (``KP_CATALOGUE_CACHE_SECONDS``; without it nothing is kept). ``extra``: what else the
    part shows, in its key."""
    seconds = getattr(settings, "KP_CATALOGUE_CACHE_SECONDS", 0)
    if not seconds:
        return build([pk for pk, _stamp, _provider_stamp in rows])
    language, version = get_language(), terms.version()
    keys = {pk: service_key(kind, language, version, pk, stamp, provider_stamp, *extra)
            for pk, stamp, provider_stamp in rows}
    found = cache.get_many(list(keys.values()))
    parts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in parts]
    if missing:
        built = build(missing)
        cache.set_many({keys[pk]: part for pk, part in built.items()}, seconds)
        parts.update(built)
    return parts
