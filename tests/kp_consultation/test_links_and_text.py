"""Staff-entered links stay on this site; invisible control characters leave what the public
writes; the comment API takes JSON only."""

import json

import pytest
from django.core.exceptions import ValidationError

from kp_consultation.links import is_safe_link
from kp_consultation.models import Comment, Decision
from kp_consultation.settlement import settle
from kp_consultation.text import strip_invisible
from tests.factories.consultation import CommentFactory, closed_period

from .helpers import form_token, page_html, post_api, post_form

pytestmark = pytest.mark.django_db

HOSTS = {"localhost", "localhost:80", "kpss.example.cz"}

OFF_SITE = [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example/",
    "http://evil.example/plan/", "javascript:alert(1)", "JavaScript:alert(1)",
    "/%2F%2Fevil.example", "/%5Cevil.example", "/\t/evil.example", "/\n/evil.example",
    "java\nscript:alert(1)", "https://localhost@evil.example/", "data:text/html,x",
    " //evil.example", "https:/\\evil.example", "ftp://localhost/",
]
ON_SITE = ["/plan/navrh/#oddil-2", "#oddil-2", "/plan/navrh/", "https://localhost/plan/",
           "https://kpss.example.cz/plan/navrh/#oddil-2", "http://localhost:80/plan/"]


@pytest.mark.parametrize("value", OFF_SITE)
def test_off_site_links_are_unsafe(value):
    assert not is_safe_link(value, HOSTS)


@pytest.mark.parametrize("value", ON_SITE)
def test_local_and_same_site_links_are_safe(value):
    assert is_safe_link(value, HOSTS)


@pytest.mark.parametrize("value", ["//evil.example", "/\\evil.example", "javascript:alert(1)",
                                   "https://evil.example/", "/%2F%2Fevil.example"])
def test_the_model_refuses_off_site_links_in_czech(draft, value):
    comment = CommentFactory(page=draft, decision=Decision.ACCEPTED)
    comment.next_draft_link = value
    with pytest.raises(ValidationError) as error:
        comment.full_clean()
    assert "Zadejte cestu na tomto webu" in str(error.value.message_dict["next_draft_link"])


def test_the_model_accepts_a_link_to_the_sites_host(draft):
    comment = CommentFactory(page=draft, decision=Decision.ACCEPTED)
    for value in ("/plan/navrh/#oddil-2", "https://localhost/plan/navrh/"):
        comment.next_draft_link = value
        comment.full_clean()


@pytest.fixture
def settled(draft):
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    safe = CommentFactory(page=draft, decision=Decision.ACCEPTED,
                          next_draft_link="/plan/navrh/#oddil-2")
    # Saved without the model's check, as rows written before it existed.
    unsafe = CommentFactory(page=draft, decision=Decision.ACCEPTED)
    Comment.objects.filter(pk=unsafe.pk).update(next_draft_link="/\\evil.example")
    settle(draft)
    draft.refresh_from_db()
    return draft, safe, unsafe


def test_an_unsafe_stored_link_is_shown_as_text_not_a_link(client, settled):
    page, _safe, _unsafe = settled
    html = page_html(client, page)
    assert 'href="/plan/navrh/#oddil-2"' in html
    assert "evil.example" in html
    assert 'href="/\\evil.example"' not in html
    assert "href=\"/\\" not in html


def test_the_settlement_api_leaves_an_unsafe_link_empty(client, settled):
    page, safe, unsafe = settled
    body = client.get(f"/api/v3/consultations/{page.pk}/settlement/").json()
    links = {row["id"]: row["next_draft_link"] for s in body["sections"] for row in s["comments"]}
    assert links == {safe.pk: "/plan/navrh/#oddil-2", unsafe.pk: ""}


INVISIBLE = "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e" \
            "\u200f\ufeff\u2060\u061c"


def test_strip_invisible_removes_every_listed_character_and_keeps_czech():
    assert strip_invisible(f"Ja{INVISIBLE}na Nová\u202ekov\u2069á") == "Jana Nováková"
    assert strip_invisible("Žluťoučký kůň – „úpěl“") == "Žluťoučký kůň – „úpěl“"


def test_form_strips_invisible_characters(client, draft):
    post_form(client, draft, author_name="\u202eJana\u200b Nováková\u2066", consent="on",
              organisation="Charita\ufeff VM\u2060", municipality="Kelč\u200f",
              text="Chybí\u202d odlehčovací\u200b služba.")
    comment = Comment.objects.get()
    assert (comment.author_name, comment.organisation, comment.municipality, comment.text) == (
        "Jana Nováková", "Charita VM", "Kelč", "Chybí odlehčovací služba.")


def test_api_strips_invisible_characters(client, draft):
    response = post_api(client, draft, author_name="Jana\u202e\u2067 Nováková", consent=True,
                        organisation="\u061cCharita", text="Text\u200b připomínky")
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert (comment.author_name, comment.organisation, comment.text) == (
        "Jana Nováková", "Charita", "Text připomínky")


def test_a_comment_of_only_invisible_characters_is_empty(client, draft):
    response = post_api(client, draft, text="\u200b\u202e\u2060")
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("content_type", [
    "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/jsonx", "",
])
def test_comment_api_accepts_only_json(client, draft, content_type):
    body = json.dumps({"text": "Chybí odlehčovací služba."})
    response = client.generic("POST", f"/api/v3/consultations/{draft.pk}/comments/", body,
                              content_type=content_type, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    assert "application/json" in response.json()["detail"]
    assert response.json()["detail"].startswith("Pošlete připomínku")
    assert not Comment.objects.exists()


def test_json_with_a_charset_is_accepted(client, draft):
    body = json.dumps({"text": "Chybí odlehčovací služba."})
    response = client.generic("POST", f"/api/v3/consultations/{draft.pk}/comments/", body,
                              content_type="application/json; charset=utf-8")
    assert response.status_code == 201


def test_415_is_documented_in_openapi(client):
    schema = client.get("/api/v3/openapi.json").json()
    operations = [op for path, item in schema["paths"].items() if "consultations" in path
                  and path.endswith("/comments/") for method, op in item.items()
                  if method == "post"]
    assert operations and all("415" in op["responses"] for op in operations)


def test_form_token_unaffected(client, draft):
    # The HTML form still posts form-encoded data.
    token = form_token(client, draft)
    response = post_form(client, draft, token=token)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
