"""Cached comment lists: a new, moderated, edited, anonymised or deleted comment shows at once;
an unmoderated one never; the forms and their tokens are never cached."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_consultation.models import Comment, Status
from tests.factories.consultation import CommentFactory

from .helpers import FORM_TOKEN, page_html, post_api, post_form

pytestmark = pytest.mark.django_db

BULK = "/admin/konzultace/hromadne/"


@pytest.fixture(autouse=True)
def cache_on(settings, empty_cache):
    settings.KP_CONSULTATION_CACHE_SECONDS = 60


def api_texts(client, page, **params):
    response = client.get(f"/api/v3/consultations/{page.pk}/comments/", params)
    assert response.status_code == 200
    return [item["text"] for item in json.loads(response.content)["items"]]


def comment_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum('"kp_consultation_comment"' in q["sql"] and "COUNT(*)" not in q["sql"].upper()
               for q in context.captured_queries)


def test_second_view_does_not_load_the_comments_again(client, draft):
    CommentFactory.create_batch(5, page=draft)
    api = f"/api/v3/consultations/{draft.pk}/comments/"
    for url in (draft.url, api):
        assert comment_queries(client, url) > 0
        assert comment_queries(client, url) == 0


def test_new_published_comment_shows_at_once_and_pending_one_never(client, draft):
    CommentFactory(page=draft, text="První připomínka")
    assert "První připomínka" in page_html(client, draft)
    assert api_texts(client, draft) == ["První připomínka"]

    post_api(client, draft, text="Čeká na moderaci")  # the draft pre-moderates
    assert Comment.objects.filter(status=Status.PENDING).count() == 1
    assert "Čeká na moderaci" not in page_html(client, draft)
    assert api_texts(client, draft) == ["První připomínka"]

    CommentFactory(page=draft, text="Druhá připomínka")
    assert "Druhá připomínka" in page_html(client, draft)
    assert api_texts(client, draft) == ["První připomínka", "Druhá připomínka"]


def test_bulk_moderation_shows_and_hides_at_once(client, draft, django_user_model):
    comment = CommentFactory(page=draft, status=Status.PENDING, text="Po moderaci")
    assert "Po moderaci" not in page_html(client, draft)
    assert api_texts(client, draft, section="priority-seniors") == []
    moderator = django_user_model.objects.create_user("moderator", "m@example.cz", "x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    client.post(BULK, {"ids": [comment.pk], "action": "publish"})
    client.logout()
    assert "Po moderaci" in page_html(client, draft)
    assert api_texts(client, draft, section="priority-seniors") == ["Po moderaci"]

    client.force_login(moderator)
    client.post(BULK, {"ids": [comment.pk], "action": "spam"})
    client.logout()
    assert "Po moderaci" not in page_html(client, draft)
    assert api_texts(client, draft) == []


def test_edit_delete_and_anonymisation_show_at_once(client, draft):
    comment = CommentFactory(page=draft, text="Původní znění", author_name="Jana Nováková",
                             email="jana@example.cz")
    assert "Jana Nováková" in page_html(client, draft)
    call_command("comments_by_email", "jana@example.cz", "--erase", stdout=StringIO())
    assert "Jana Nováková" not in page_html(client, draft)
    comment.refresh_from_db()
    comment.text = "Opravené znění"
    comment.save()
    assert "Opravené znění" in page_html(client, draft)
    comment.delete()
    assert "Opravené znění" not in page_html(client, draft)
    assert api_texts(client, draft) == []


def test_forms_and_their_tokens_are_fresh_on_every_view(client, draft):
    CommentFactory(page=draft)
    first = FORM_TOKEN.findall(page_html(client, draft))
    second = FORM_TOKEN.findall(page_html(client, draft))
    assert first and len(first) == len(second)
    assert not set(first) & set(second)


def test_pages_do_not_share_cached_comments(client, draft, home_page):
    from tests.factories.consultation import ConsultedPageFactory

    other = ConsultedPageFactory(parent=home_page, slug="jiny-navrh")
    CommentFactory(page=draft, text="Jen k prvnímu návrhu")
    assert "Jen k prvnímu návrhu" in page_html(client, draft)
    assert "Jen k prvnímu návrhu" not in page_html(client, other)
    assert api_texts(client, other) == []


def test_comments_stay_out_of_wagtails_reference_index(client, draft):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    assert post_api(client, draft).status_code == 201
    CommentFactory(page=draft)
    comment_type = ContentType.objects.get_for_model(Comment)
    assert Comment.objects.count() == 2
    assert not ReferenceIndex.objects.filter(content_type=comment_type).exists()


def test_a_refused_form_comes_back_filled_in_and_the_next_view_is_blank(client, draft):
    page_html(client, draft)  # the blank forms are now cached
    response = post_form(client, draft, text="Můj rozepsaný text", author_name="Jana Nováková")
    assert response.status_code == 400  # refused: a name needs the consent
    refused = response.content.decode()
    assert "Můj rozepsaný text" in refused and "kpc-field--invalid" in refused
    blank = page_html(client, draft)
    assert "Můj rozepsaný text" not in blank and "kpc-field--invalid" not in blank


def test_remembered_page_type_never_lets_an_unpublished_page_take_comments(client, draft):
    assert post_api(client, draft, text="Před stažením").status_code == 201
    with CaptureQueriesContext(connection) as context:
        assert post_api(client, draft, text="Druhá").status_code == 201
    # The view-restriction check (one query on PageViewRestriction) is not a page look-up.
    page_queries = [q for q in context.captured_queries if '"wagtailcore_page"' in q["sql"]
                    and '"wagtailcore_pageviewrestriction"' not in q["sql"]]
    assert len(page_queries) == 1  # the specific page, in one query
    draft.unpublish()
    assert post_api(client, draft, text="Po stažení").status_code == 404
    assert not Comment.objects.filter(text="Po stažení").exists()


def test_a_new_comment_keeps_the_blank_forms_and_a_republished_page_renews_them(
        client, draft, monkeypatch):
    from django.template import loader

    rendered = []
    real = loader.render_to_string

    def counting(name, *args, **kwargs):
        if name == "kp_consultation/tags/form_fields.html":
            rendered.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr("kp_consultation.templatetags.kp_consultation.render_to_string",
                        counting)
    page_html(client, draft)
    forms = len(rendered)
    assert forms >= 1
    CommentFactory(page=draft)  # a new comment: the lists render again, the blank forms not
    html = page_html(client, draft)
    assert len(rendered) == forms and 'name="text"' in html
    draft.comments_premoderated = not draft.comments_premoderated
    draft.save_revision().publish()  # what the forms show may have changed
    page_html(client, draft)
    assert len(rendered) == 2 * forms


def pending_shown(html):
    """The summary's count of comments awaiting moderation, 0 when it shows none."""
    marker = "<dt>Čeká na schválení</dt><dd>"
    return int(html.split(marker)[1].split("<")[0]) if marker in html else 0


def test_a_comment_awaiting_moderation_changes_only_its_count(client, draft):
    # The draft pre-moderates: a rush of comments must not render the lists again, yet the
    # count of those awaiting moderation is current on every view.
    CommentFactory(page=draft, text="Zveřejněná připomínka")
    assert comment_queries(client, draft.url) > 0
    assert comment_queries(client, draft.url) == 0
    assert post_api(client, draft, text="Čeká první").status_code == 201
    assert post_api(client, draft, text="Čeká druhá", ip="10.0.0.3").status_code == 201
    assert comment_queries(client, draft.url) == 0  # the lists were kept
    html = page_html(client, draft)
    assert pending_shown(html) == 2 and "Čeká první" not in html
    # A moderator edits one still awaiting moderation, then deletes the other: still only
    # the count changes.
    first, second = Comment.objects.filter(status=Status.PENDING).order_by("pk")
    first.text = "Čeká první, opravená"
    first.save()
    second.delete()
    assert comment_queries(client, draft.url) == 0
    assert pending_shown(page_html(client, draft)) == 1


def test_a_comment_leaving_or_returning_to_moderation_changes_the_lists_at_once(client, draft):
    shown = CommentFactory(page=draft, text="Zveřejněná připomínka")
    waiting = CommentFactory(page=draft, text="Zatím čeká", status=Status.PENDING)
    page_html(client, draft)
    # Published: in the lists at once.
    waiting = Comment.objects.get(pk=waiting.pk)
    waiting.status = Status.PUBLISHED
    waiting.save()
    html = page_html(client, draft)
    assert "Zatím čeká" in html and pending_shown(html) == 0
    assert "Zatím čeká" in api_texts(client, draft)
    # Returned to moderation (the instance read while it was published): out of them at once.
    shown = Comment.objects.get(pk=shown.pk)
    shown.status = Status.PENDING
    shown.save()
    html = page_html(client, draft)
    assert "Zveřejněná připomínka" not in html and pending_shown(html) == 1
    assert api_texts(client, draft) == ["Zatím čeká"]
    # The same instance saved again while it awaits moderation: only the count's token.
    shown.text = "Zveřejněná připomínka, opravená"
    shown.save()
    assert comment_queries(client, draft.url) == 0


def test_a_render_reads_what_the_last_one_fetched_in_one_round_trip(client, draft, cache_calls):
    # The page's lists, counts and blank forms: fetched one by one by the template tags, read
    # ahead together from what the page's last render asked for (caching._last_names).
    from kp_consultation import caching

    CommentFactory(page=draft, text="Zveřejněná připomínka")
    tokens = re.compile(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]*"')
    first = tokens.sub("", page_html(client, draft))
    reads = cache_calls(caching)
    assert tokens.sub("", page_html(client, draft)) == first
    fetched = [keys for method, keys in reads if method == "get_many" and len(keys) > 1]
    singles = [keys for method, keys in reads if method == "get"
               and keys.startswith("kp_consultation:") and ":comments:" not in keys]
    assert len(fetched) == 1 and singles == []  # one read-ahead for the whole render
    # A new comment: new keys, built again and shown at once.
    CommentFactory(page=draft, text="Nová připomínka")
    assert "Nová připomínka" in page_html(client, draft)
