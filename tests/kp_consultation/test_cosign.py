"""Co-signing ("Připojit se"): the same defences as a comment, one co-signature per browser
and comment, counts on the page, in the API and in every settlement export."""

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from kp_consultation.cosigning import COOKIE
from kp_consultation.models import CoSignature, Decision, Status
from kp_consultation.settlement import settle
from kp_consultation.submission import issue_form_token
from tests.factories.consultation import CommentFactory, closed_period

from .helpers import FORM_TOKEN, page_html

pytestmark = pytest.mark.django_db


def url(comment):
    return f"/konzultace/{comment.page_id}/pripominka/{comment.pk}/pripojit-se/"


def cosign(client, comment, ip="10.0.0.5", **fields):
    form = client.get(url(comment))
    assert form.status_code == 200
    data = {"form_token": FORM_TOKEN.search(form.content.decode()).group(1), "website": ""}
    data.update(fields)
    return client.post(url(comment), data, REMOTE_ADDR=ip)


@pytest.fixture
def comment(draft):
    return CommentFactory(page=draft, text="Chybí odlehčovací služba v Kelči.")


def test_join_redirects_thanks_and_counts_once_per_browser(client, comment, draft):
    response = cosign(client, comment)
    assert response.status_code == 302 and response["Location"].startswith(url(comment))
    assert COOKIE in response.cookies
    thanks = client.get(response["Location"]).content.decode()
    assert "Děkujeme, připojili jste se k připomínce." in thanks
    assert "1 člověk se připojil" in thanks
    # The same browser is told it has joined, and a replayed post counts nothing.
    form = client.get(url(comment)).content.decode()
    assert "Už jste se k této připomínce připojili." in form and "form_token" not in form
    again = client.post(url(comment), {"form_token": issue_form_token(), "website": ""})
    assert again.status_code == 302
    assert "Už jste se k této připomínce připojili." in client.get(again["Location"]).content.decode()
    assert CoSignature.objects.count() == 1
    other = Client()
    cosign(other, comment, ip="10.0.0.6")
    assert CoSignature.objects.count() == 2
    html = page_html(client, draft)
    assert "2 lidé se připojili k této připomínce" in html


def test_the_cookie_is_signed_and_only_a_hash_is_stored(client, comment):
    cosign(client, comment)
    value = client.cookies[COOKIE].value.strip('"')
    identifier = value.split(":")[0]
    assert len(identifier) == 32
    signer = CoSignature.objects.get().signer
    assert identifier not in signer and len(signer) == 64
    client.cookies[COOKIE] = "forged"
    cosign(client, comment)  # a forged cookie is a new browser, not someone else's identity
    assert CoSignature.objects.count() == 2


def test_honeypot_and_a_too_quick_form_are_refused(client, comment, settings):
    assert cosign(client, comment, website="http://spam").status_code == 400
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 60
    response = cosign(client, comment)
    assert response.status_code == 400
    assert "odeslán příliš rychle" in response.content.decode()
    response = client.post(url(comment), {"form_token": "poškozený", "website": ""})
    assert response.status_code == 400
    assert not CoSignature.objects.exists()


def test_rate_limit_per_address(comment, settings):
    settings.KP_CONSULTATION_RATE_LIMIT = 2
    statuses = [cosign(Client(), comment, ip="10.9.9.9").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert CoSignature.objects.count() == 2


def test_closed_consultation_and_unpublished_or_foreign_comments(client, draft, home_page):
    pending = CommentFactory(page=draft, status=Status.PENDING)
    assert client.get(url(pending)).status_code == 404
    other = CommentFactory()  # on another page
    assert client.get(f"/konzultace/{draft.pk}/pripominka/{other.pk}/pripojit-se/").status_code == 404
    closed = CommentFactory(page__parent=home_page, page__slug="uzavreny",
                            **{f"page__{k}": v for k, v in closed_period().items()})
    form = client.get(url(closed)).content.decode()
    assert "form_token" not in form and "Připomínkové období skončilo" in form
    response = client.post(url(closed), {"form_token": "x", "website": ""})
    assert response.status_code == 403
    assert not CoSignature.objects.exists()


def test_counts_in_the_api_and_every_settlement_export(client, home_page):
    comment = CommentFactory(page__parent=home_page, page__slug="k-vyporadani",
                             decision=Decision.ACCEPTED,
                             **{f"page__{k}": v for k, v in closed_period().items()})
    for number in range(3):
        CoSignature.objects.create(comment=comment, signer=f"{number:064d}")
    page = comment.page
    settle(page)
    api = client.get(f"/api/v3/consultations/{page.pk}/comments/").json()
    assert api["items"][0]["cosignatures"] == 3
    rows = client.get(f"/api/v3/consultations/{page.pk}/settlement/").json()["sections"]
    assert rows[0]["comments"][0]["cosignatures"] == 3
    csv = b"".join(client.get(f"/konzultace/{page.pk}/vyporadani.csv").streaming_content)
    header, row = csv.decode("utf-8-sig").splitlines()[:2]
    assert "Připojilo se" in header
    assert row.split(",")[header.split(",").index("Připojilo se")] == "3"
    xlsx = b"".join(client.get(f"/konzultace/{page.pk}/vyporadani.xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(xlsx)).active
    headers = [cell.value for cell in sheet[1]]
    assert str(sheet.cell(row=2, column=headers.index("Připojilo se") + 1).value) == "3"
    pdf = b"".join(client.get(f"/konzultace/{page.pk}/vyporadani.pdf").streaming_content)
    assert re.search(r"Připojilo se:\s*3", PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    notice = client.get(f"/konzultace/{page.pk}/vyporadani/vyveska/")
    assert notice.status_code == 200 and "3 lidé se připojili" in notice.content.decode()


def test_notice_board_summary_waits_for_the_settlement(client, comment):
    assert client.get(f"/konzultace/{comment.page_id}/vyporadani/vyveska/").status_code == 403


# --- Through the API: a client identifier instead of the cookie -----------------------------

CLIENT_ID = "aplikace-instalace-0001"


def api_cosign(client, page_id, comment_id, client_id=CLIENT_ID, ip="10.0.0.6", raw=None):
    return client.post(f"/api/v3/consultations/{page_id}/comments/{comment_id}/cosign/",
                       raw if raw is not None else {"client_id": client_id},
                       content_type="application/json", REMOTE_ADDR=ip)


def test_api_joins_once_per_client_and_counts_with_the_browsers(client, comment):
    first = api_cosign(client, comment.page_id, comment.pk)
    assert first.status_code == 200
    assert first.json() == {"cosignatures": 1, "created": True}
    again = api_cosign(client, comment.page_id, comment.pk)
    assert again.json() == {"cosignatures": 1, "created": False}
    # Another client is another person; a browser too, with the same number in its cookie.
    assert api_cosign(client, comment.page_id, comment.pk, "jina-instalace-0002").json() == {
        "cosignatures": 2, "created": True}
    browser = Client()
    browser.cookies[COOKIE] = "x"
    cosign(browser, comment)
    assert CoSignature.objects.filter(comment=comment).count() == 3
    # Only a keyed hash of the identifier is stored.
    assert not CoSignature.objects.filter(signer__contains="instalace").exists()
    listed = client.get(f"/api/v3/consultations/{comment.page_id}/comments/").json()
    assert [c["cosignatures"] for c in listed["items"] if c["id"] == comment.pk] == [3]


def test_api_cosign_refuses_unpublished_foreign_and_closed(client, draft, home_page, comment):
    for status in (Status.PENDING, Status.REJECTED, Status.SPAM):
        hidden = CommentFactory(page=draft, status=status, moderation_reason="x")
        answer = api_cosign(client, draft.pk, hidden.pk)
        assert answer.status_code == 404
        assert answer.json()["detail"] == "Taková zveřejněná připomínka na této stránce není."
    other = CommentFactory(page__parent=home_page, page__slug="jiny")
    # A published comment, but of another page than the one in the address.
    assert api_cosign(client, draft.pk, other.pk).status_code == 404
    assert api_cosign(client, 999999, comment.pk).status_code == 404
    closed = CommentFactory(page__parent=home_page, page__slug="uzavreny",
                            **{f"page__{k}": v for k, v in closed_period().items()})
    answer = api_cosign(client, closed.page_id, closed.pk)
    assert answer.status_code == 403
    assert "skončilo" in answer.json()["detail"]
    assert not CoSignature.objects.exists()


def test_api_cosign_bad_input(client, comment):
    for bad in ("kratky", "x" * 65, "mezery nejsou dovolene!", ""):
        answer = api_cosign(client, comment.page_id, comment.pk, bad)
        assert answer.status_code == 422, bad
        assert answer["Content-Type"].startswith("application/problem+json")
    form = client.post(f"/api/v3/consultations/{comment.page_id}/comments/{comment.pk}/cosign/",
                       {"client_id": CLIENT_ID}, REMOTE_ADDR="10.0.0.6")
    assert form.status_code == 415
    assert "JSON" in form.json()["detail"] and "Pošlete" in form.json()["detail"]
    huge = api_cosign(client, comment.page_id, comment.pk, raw={"client_id": "x" * 3_000_000})
    assert huge.status_code == 413
    assert not CoSignature.objects.exists()


def test_api_cosign_rate_limit_per_address_shared_with_the_button(comment, settings, client):
    settings.KP_CONSULTATION_RATE_LIMIT = 2
    # New identifiers for every request, as a client faking people would send.
    answers = [api_cosign(client, comment.page_id, comment.pk, f"podvrh-{n:012d}",
                          ip="10.9.9.8").status_code for n in range(2)]
    assert answers == [200, 200]
    assert cosign(Client(), comment, ip="10.9.9.8").status_code == 429
    refused = api_cosign(client, comment.page_id, comment.pk, "podvrh-999999999999",
                         ip="10.9.9.8")
    assert refused.status_code == 429 and "Příliš mnoho" in refused.json()["detail"]
    assert CoSignature.objects.count() == 2
