"""The main menu is read once per process and again after anything that can change it, in any
process (kpsite/base/navigation.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from kpsite.base import navigation
from tests.factories.site import TextPageFactory

pytestmark = pytest.mark.django_db


def menu(client):
    html = client.get("/").content.decode()
    nav = html.split('<nav class="main-nav"')[1].split("</nav>")[0] if "main-nav" in html else ""
    return nav


def menu_queries(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return [q["sql"] for q in queries if '"wagtailcore_page"."show_in_menus"' in q["sql"]
            and "WHERE" in q["sql"] and '"show_in_menus"' in q["sql"].split("WHERE")[1]]


def test_the_menu_is_read_once_then_from_memory(client, home_page):
    TextPageFactory(parent=home_page, title="O nás", show_in_menus=True)
    assert len(menu_queries(client)) == 1
    assert menu_queries(client) == []
    assert ">O nás</a>" in menu(client)


def test_every_change_that_shows_in_the_menu_shows_at_once(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", show_in_menus=True)
    other = TextPageFactory(parent=home_page, title="Kontakty", show_in_menus=True)
    assert ">O nás</a>" in menu(client)
    # A new page created live in code (no publish signal).
    TextPageFactory(parent=home_page, title="Dokumenty", show_in_menus=True)
    assert ">Dokumenty</a>" in menu(client)
    # A renamed and published page.
    page.title = "O mikroregionu"
    page.save_revision().publish()
    assert ">O mikroregionu</a>" in menu(client)
    # Made private: gone from the public menu.
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert "O mikroregionu" not in menu(client)
    PageViewRestriction.objects.filter(page=page).delete()
    assert ">O mikroregionu</a>" in menu(client)
    # Moved before the other page: the order follows.
    page.move(other, pos="left")
    nav = menu(client)
    assert nav.index("O mikroregionu") < nav.index("Kontakty")
    # Unpublished, then deleted.
    other.unpublish()
    assert "Kontakty" not in menu(client)
    page.delete()
    assert "O mikroregionu" not in menu(client)


def test_another_process_change_is_seen_through_the_shared_token(client, home_page):
    page = TextPageFactory(parent=home_page, title="O nás", show_in_menus=True)
    assert ">O nás</a>" in menu(client)
    # A raw UPDATE is what another worker's change looks like from this process ...
    type(page).objects.filter(pk=page.pk).update(title="Přejmenováno")
    assert ">O nás</a>" in menu(client)
    # ... until that worker replaces the token in the shared cache.
    cache.set(navigation.VERSION_KEY, "token-of-another-worker", None)
    assert ">Přejmenováno</a>" in menu(client)
    cache.clear()  # an emptied or failing cache: read again
    type(page).objects.filter(pk=page.pk).update(title="Znovu")
    assert ">Znovu</a>" in menu(client)


def test_public_matches_wagtails_own_and_follows_new_restrictions(rf, home_page):
    from wagtail.models import Page

    open_section = TextPageFactory(parent=home_page, title="Veřejné")
    closed = TextPageFactory(parent=home_page, title="Interní")
    inside = TextPageFactory(parent=closed, title="Zápisy skupiny")
    TextPageFactory(parent=inside, title="Příloha")
    request = rf.get("/")

    def ours():
        return sorted(navigation.public(Page.objects.all(), rf.get("/"))
                      .values_list("title", flat=True))

    def wagtails():
        return sorted(Page.objects.public().values_list("title", flat=True))

    assert ours() == wagtails() and "Příloha" in ours()
    restriction = PageViewRestriction.objects.create(page=closed, restriction_type="login")
    assert ours() == wagtails()
    assert {"Interní", "Zápisy skupiny", "Příloha"}.isdisjoint(ours())
    assert "Veřejné" in ours()
    restriction.delete()
    assert ours() == wagtails() and "Příloha" in ours()
    # Within one request the token is read once, whatever number of lists asks.
    navigation.public(Page.objects.all(), request)
    cache.set(navigation.VERSION_KEY, "changed-meanwhile", None)
    assert navigation.version(request) != "changed-meanwhile"
    assert open_section.title in ours()


def test_the_tree_and_code_list_tokens_are_read_in_one_round_trip(client, demo_db, cache_calls,
                                                                  monkeypatch):
    # The home page's search form keys on the catalogue's code lists; their token comes with the
    # page tree's (navigation.REQUEST_TOKENS), so a page reads its tokens in one round trip.
    from kp_catalogue import caching
    from kp_catalogue.models import Municipality

    client.get("/")
    reads = cache_calls(caching)
    assert client.get("/").status_code == 200
    assert reads == [("get_many", list(navigation.REQUEST_TOKENS))]
    # A new municipality replaces the code lists' token: the search form lists it at once.
    monkeypatch.undo()
    Municipality.objects.create(code="nova-obec-u-testu", name="Nová Obec u Testu")
    assert "Nová Obec u Testu" in client.get("/").content.decode()
