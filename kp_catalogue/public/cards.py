"""The parts of a service card that do not depend on the request, kept in the shared cache per
service, as the API keeps its list items (``kp_catalogue.api.summaries``).

A card (includes/service_card.html) is the same for every visitor but for its link, its
distance and its shortlist button. The rest (type and provider, contacts, addresses, groups,
forms with free places, municipalities) is rendered once per version of the service: the key
names the service with its own change stamp and its provider's, the version of the code lists
and the language, so an edit changes that one card's key and nothing stale can be shown. A
listing then needs its page of services without their relations and one read of the cache;
only services whose parts are missing are loaded with their relations and rendered.

Each service gets ``kp_card`` with ``meta`` and ``facts``, safe HTML for the template.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from kp_catalogue.public import terms
from kp_catalogue.public.stamps import service_key


@dataclass(frozen=True)
class CardParts:
    meta: SafeString
    facts: SafeString


def _render(service):
    context = {"service": service}
    return CardParts(render_to_string("kp_catalogue/includes/service_card_meta.html", context),
                     render_to_string("kp_catalogue/includes/service_card_facts.html", context))


def _key(language, terms_version, service):
    return service_key("card", language, terms_version, service.pk, service.updated_at,
                       service.provider.updated_at)


def attach_cards(services, load=None):
    """Give each of ``services`` (model instances with their provider) its ``kp_card``.
    ``load(pks)`` returns the services with the relations a card reads (``card_services``);
    without it the given instances must have them already."""
    services = list(services)
    seconds = getattr(settings, "KP_CATALOGUE_CACHE_SECONDS", 0)
    keys = {}
    found = {}
    if seconds:
        language, version = get_language(), terms.version()
        keys = {service.pk: _key(language, version, service) for service in services}
        found = cache.get_many(list(keys.values()))
    missing = [service for service in services if keys.get(service.pk) not in found]
    if missing:
        full = ({s.pk: s for s in load([s.pk for s in missing])} if load is not None
                else {s.pk: s for s in missing})
        built = {service.pk: _render(full.get(service.pk, service)) for service in missing}
        if seconds:
            cache.set_many({keys[pk]: parts for pk, parts in built.items()}, seconds)
        found.update({keys.get(pk, pk): parts for pk, parts in built.items()})
    for service in services:
        service.kp_card = found[keys.get(service.pk, service.pk)]
    return services
