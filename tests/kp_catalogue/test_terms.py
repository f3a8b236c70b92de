"""The public forms' lists of terms are read once per process and read again after any change,
whichever process made it (kp_catalogue/public/terms.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_catalogue.models import Language, Municipality, TargetGroup
from kp_catalogue.public import terms

pytestmark = pytest.mark.django_db


def term_queries(client, url):
    tables = ("kp_catalogue_municipality", "kp_catalogue_targetgroup", "kp_catalogue_language")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries if any(f'FROM "{t}"' in q["sql"] for t in tables)]


def test_the_filter_lists_are_read_once_and_again_after_a_rename(client, catalogue):
    _html, first = term_queries(client, catalogue.url)
    html, second = term_queries(client, catalogue.url)
    assert first and second == []
    assert ">Kelč</option>" in html
    kelc = Municipality.objects.get(code="kelc")
    kelc.name = "Kelč nad Bečvou"
    kelc.save()
    html, third = term_queries(client, catalogue.url)
    assert third and ">Kelč nad Bečvou</option>" in html


def test_a_change_by_another_process_is_seen_through_the_shared_token(client, catalogue):
    term_queries(client, catalogue.url)
    # update() sends no signal: as if another worker had changed the row ...
    TargetGroup.objects.filter(code="24").update(name="Senioři a seniorky")
    html, _queries = term_queries(client, catalogue.url)
    assert "Senioři a seniorky" not in html
    # ... and replaced the token in the cache all workers share.
    cache.set(terms.VERSION_KEY, "token-of-another-worker", None)
    html, queries = term_queries(client, catalogue.url)
    assert queries and "Senioři a seniorky" in html


def test_an_emptied_or_failing_cache_means_fresh_lists(client, catalogue):
    term_queries(client, catalogue.url)
    Language.objects.filter(code="en").update(name="angličtina (nově)")
    cache.clear()  # evicted, flushed, or a failing cache answering every read as a miss
    html, queries = term_queries(client, catalogue.url)
    assert queries and "angličtina (nově)" in html


def test_a_change_inside_a_transaction_replaces_the_token_again_after_commit(
        django_capture_on_commit_callbacks):
    before = terms.version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        municipality = Municipality.objects.get(code="kelc")
        municipality.save()
    during = terms.version()
    assert during != before
    for callback in callbacks:
        callback()
    assert terms.version() not in (before, during)


def test_each_filter_marks_exactly_the_chosen_term(client, catalogue):
    from bs4 import BeautifulSoup

    from kp_catalogue.models import AccessibilityFeature, AgeGroup, ServiceType

    near = Municipality.objects.filter(latitude__isnull=False).order_by("name").last()
    chosen = {
        "obec": ("f-obec", Municipality.objects.order_by("name").last().code),
        "skupina": ("f-skupina", TargetGroup.objects.order_by("code").last().code),
        "vek": ("f-vek", AgeGroup.objects.order_by("code").last().code),
        "druh": ("f-druh", ServiceType.objects.order_by("code").last().code),
        "pristup": ("f-pristup", AccessibilityFeature.objects.order_by("code").last().code),
        "jazyk": ("f-jazyk", Language.objects.order_by("code").last().code),
        "blizko": ("f-blizko", near.code),
    }
    for name, (select_id, code) in chosen.items():
        html = BeautifulSoup(client.get(catalogue.url, {name: code}).content, "html.parser")
        assert [o["value"] for o in html.select(f"#{select_id} option[selected]")] == [code], name
        # Every other select shows its whole list with nothing chosen.
        assert html.select("option[selected]") == html.select(f"#{select_id} option[selected]")
    # The lists are rendered once: a second choice does not keep the first one's mark.
    html = BeautifulSoup(client.get(catalogue.url).content, "html.parser")
    assert html.select("option[selected]") == []
    assert len(html.select("#f-obec option")) == Municipality.objects.count() + 1
    # A made-up value matches nothing and is not written into the page.
    response = client.get(catalogue.url, {"jazyk": '"><b id="x">'})
    html = BeautifulSoup(response.content, "html.parser")
    assert html.select("option[selected]") == [] and html.select("#x") == []
