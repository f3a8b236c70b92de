"""Service cards: the parts that do not depend on the request come from the shared cache per
version of each service, so a new filter reuses them and no edit can leave one stale
(kp_catalogue/public/cards.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kp_catalogue.models import Provider, Service, ServiceProvision, TargetGroup
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db):
    return [ServiceFactory(name=f"Pečovatelská služba {number}", phone=f"571 000 00{number}",
                           provisions=[{"form": "ter", "maximum": 50, "available": 3}])
            for number in range(5)]


def cards(client, url):
    html = client.get(url).content.decode()
    return re.findall(r'<li class="card service-card".*?</li>', html, re.S)


def test_a_new_filter_reuses_the_cards_and_shows_the_same(client, settings, catalogue,
                                                          services):
    settings.KP_CATALOGUE_CACHE_SECONDS = 0
    uncached = cards(client, catalogue.url + "?q=pecovatelska")
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    with CaptureQueriesContext(connection) as first:
        cards(client, catalogue.url)
    with CaptureQueriesContext(connection) as second:
        cached = cards(client, catalogue.url + "?q=pecovatelska")
    assert len(cached) == 5 and cached == uncached
    assert [q for q in first if "_prefetch_related_val" in q["sql"]]
    assert [q for q in second if "_prefetch_related_val" in q["sql"]] == []
    # With every card kept, the page's services are read as short rows: no long texts.
    rows = [q["sql"] for q in second if 'FROM "kp_catalogue_service"' in q["sql"]
            and '"kp_catalogue_service"."name"' in q["sql"]]
    assert rows and not any('"kp_catalogue_service"."description"' in sql for sql in rows)


def test_every_kind_of_edit_shows_on_the_card_at_once(client, settings, catalogue, services):
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    first = services[0]
    url = catalogue.url + "?q=pecovatelska"

    def card_of(query):
        [card] = [c for c in cards(client, f"{url}&{query}") if f'id="sluzba-{first.pk}"' in c]
        return card

    assert "571 000 000" in card_of("a=1")
    first.phone = "571 999 999"
    first.save()
    assert "571 999 999" in card_of("a=2")
    # The free places quick update moves only the stamp.
    ServiceProvision.objects.filter(service=first).update(available=7)
    Service.objects.filter(pk=first.pk).update(updated_at=timezone.now())
    assert "7 volných míst" in card_of("a=3")
    provider = Provider.objects.get(pk=first.provider_id)
    provider.name = "Charita Nová"
    provider.save()
    assert "Charita Nová" in card_of("a=4")
    group = TargetGroup.objects.get(code="24")
    group.name = "Senioři a seniorky"
    group.save()
    assert "Senioři a seniorky" in card_of("a=5")


def test_the_finder_and_the_provider_page_show_whole_cards(client, settings, catalogue,
                                                           services):
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    provider = services[0].provider
    page_cards = cards(client, catalogue.url + catalogue.reverse_subpage(
        "provider", args=[provider.pk, provider.slug]))
    assert len(page_cards) == 1 and "571 000 000" in page_cards[0]
    assert 'class="card__meta"' in page_cards[0] and '<dl class="facts">' in page_cards[0]
