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

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from kp_catalogue.public.stamps import kept


@dataclass(frozen=True)
class CardParts:
    meta: SafeString
    facts: SafeString


def _render(service):
    context = {"service": service}
    return CardParts(render_to_string("kp_catalogue/includes/service_card_meta.html", context),
                     render_to_string("kp_catalogue/includes/service_card_facts.html", context))


def attach_cards(services, load=None):
    """Give each of ``services`` (model instances with their provider) its ``kp_card``.
    ``load(pks)`` returns the services with the relations a card reads (``card_services``);
    without it the given instances must have them already."""
    services = list(services)
    given = {service.pk: service for service in services}

    def build(pks):
        full = {service.pk: service for service in load(pks)} if load is not None else {}
        return {pk: _render(full.get(pk, given[pk])) for pk in pks}

    cards = kept("card", [(s.pk, s.updated_at, s.provider.updated_at) for s in services], build)
    for service in services:
        service.kp_card = cards[service.pk]
    return services
