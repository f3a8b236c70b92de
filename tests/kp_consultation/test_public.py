"""What the public sees: comments per section, placeholders, counts, and never an e-mail."""

import io
import json
import re
import zlib

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kp_consultation.models import Decision, Role, Status
from kp_consultation.settlement import settle
from tests.factories.consultation import CommentFactory, closed_period

from .helpers import page_html

pytestmark = pytest.mark.django_db


def section_html(html, anchor):
    start = html.index(f'id="komentare-{anchor}"')
    return html[start:html.index("</section>", start)]


def test_comments_are_shown_in_their_section_with_counts(client, draft):
    CommentFactory(page=draft, section="financing", text="O penězích", role=Role.COMMISSIONER)
    CommentFactory(page=draft, section="priority-seniors", text="O seniorech")
    CommentFactory(page=draft, section="", text="K celku", author_name="", consent=False)
    html = page_html(client, draft)
    financing = section_html(html, "financing")
    assert "O penězích" in financing and "O seniorech" not in financing
    assert "(1 zveřejněná)" in financing
    whole = html[html.index('id="komentare"'):]
    assert "K celku" in whole and "Anonymní" in whole


def test_pending_and_spam_are_hidden_rejected_leaves_a_placeholder(client, draft):
    CommentFactory(page=draft, status=Status.PENDING, text="Čekající připomínka")
    CommentFactory(page=draft, status=Status.SPAM, text="Levné půjčky")
    CommentFactory(page=draft, status=Status.REJECTED, text="Urážlivý text",
                   moderation_reason="Obsahovala urážky.")
    html = page_html(client, draft)
    assert "Čekající připomínka" not in html
    assert "Levné půjčky" not in html
    assert "Urážlivý text" not in html
    assert "Připomínka byla odstraněna moderátorem: Obsahovala urážky." in html
    api = client.get(f"/api/v3/consultations/{draft.pk}/comments/").json()
    assert api["count"] == 1
    assert api["items"][0]["status"] == "rejected" and api["items"][0]["text"] is None
    assert api["items"][0]["moderation_reason"] == "Obsahovala urážky."


def test_summary_state_and_totals_by_role(client, draft):
    CommentFactory.create_batch(2, page=draft, role=Role.PROVIDER)
    CommentFactory(page=draft, role=Role.SERVICE_USER, section="financing")
    CommentFactory(page=draft, role=Role.PUBLIC, status=Status.PENDING)
    html = page_html(client, draft)
    assert "Otevřeno k připomínkám" in html
    assert "<dt>Zveřejněné připomínky</dt><dd>3</dd>" in html
    assert "<dt>Poskytovatel</dt><dd>2</dd>" in html
    assert "<dt>Uživatel</dt><dd>1</dd>" in html
    assert "<dt>Čeká na schválení</dt><dd>1</dd>" in html
    data = client.get(f"/api/v3/consultations/{draft.pk}/").json()
    assert data["state"] == "open" and data["accepts_comments"] is True
    assert data["published_comments"] == 3
    assert {r["role"]: r["count"] for r in data["by_role"]}["provider"] == 2
    assert {s["anchor"]: s["published_comments"] for s in data["sections"]}["financing"] == 1


def test_closed_page_shows_no_form_but_the_reason(client, draft):
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    html = page_html(client, draft)
    assert 'class="kpc-form"' not in html
    assert "Připomínkové období skončilo" in html


def test_openapi_documents_the_consultation_routes(client):
    document = client.get("/api/v3/openapi.json").json()
    paths = document["paths"]
    comments = paths["/api/v3/consultations/{page_id}/comments/"]
    assert {"get", "post"} <= set(comments)
    assert {"201", "403", "429"} <= set(comments["post"]["responses"])
    assert "/api/v3/consultations/{page_id}/settlement/" in paths
    schemas = document["components"]["schemas"]
    assert "email" not in schemas["CommentOut"]["properties"]


def settled_with_emails(draft):
    for name, value in closed_period().items():
        setattr(draft, name, value)
    draft.save_revision().publish()
    CommentFactory(page=draft, email="tajna.adresa@example.cz",
                   decision=Decision.ACCEPTED, organisation="Charita")
    CommentFactory(page=draft, email="druha.adresa@example.cz", section="financing",
                   decision=Decision.REJECTED, decision_reason="Mimo plán.")
    CommentFactory(page=draft, email="skryta.adresa@example.cz", status=Status.REJECTED,
                   moderation_reason="Spam.")
    CommentFactory(page=draft, email="cekajici@example.cz", status=Status.SPAM)
    settle(draft, table_url="http://testserver/")
    return ["tajna.adresa", "druha.adresa", "skryta.adresa", "cekajici", "@example.cz"]


def test_emails_never_reach_any_public_output(client, draft, home_page):
    from tests.factories.site import NewsIndexPageFactory, NewsPageFactory

    secrets = settled_with_emails(draft)
    news = NewsIndexPageFactory(parent=home_page)
    NewsPageFactory(parent=news)
    feed = client.get(news.url + "rss/")
    assert feed.status_code == 200
    outputs = {
        "page": page_html(client, draft),
        "api detail": client.get(f"/api/v3/consultations/{draft.pk}/").content.decode(),
        "api comments": client.get(
            f"/api/v3/consultations/{draft.pk}/comments/").content.decode(),
        "api settlement": client.get(
            f"/api/v3/consultations/{draft.pk}/settlement/").content.decode(),
        "wagtail page api": client.get(f"/api/v3/pages/{draft.pk}/").content.decode(),
        "pages listing": client.get("/api/v3/pages/").content.decode(),
        "sitemap": client.get("/sitemap.xml").content.decode(),
        "openapi": client.get("/api/v3/openapi.json").content.decode(),
        "rss feed": feed.content.decode(),
        "csv": client.get(f"/konzultace/{draft.pk}/vyporadani.csv").getvalue().decode(),
    }
    workbook = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/konzultace/{draft.pk}/vyporadani.xlsx").getvalue()))
    outputs["xlsx"] = json.dumps([[str(c) for c in row] for row in
                                  workbook.active.iter_rows(values_only=True)])
    from kp_consultation.exports import settlement_pdf_html

    outputs["pdf source"] = settlement_pdf_html(draft)
    assert "Charita" in outputs["page"] and "Charita" in outputs["xlsx"]
    for name, text in outputs.items():
        for secret in secrets:
            assert secret not in text, f"{secret} leaked into {name}"


def test_pdf_is_a_pdf_with_an_embedded_font_for_czech(client, draft):
    settled_with_emails(draft)
    response = client.get(f"/konzultace/{draft.pk}/vyporadani.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.getvalue()
    assert content.startswith(b"%PDF")
    objects = b"".join(pdf_objects(content))
    # A subset of the configured TrueType font (DejaVu Sans, with Czech letters) is embedded.
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+KPSans", objects)
    assert b"/FontFile2" in objects


def pdf_objects(content):
    """The PDF's objects, compressed object streams unpacked (where font names live)."""
    yield content
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            yield zlib.decompress(match.group(1))
        except zlib.error:
            continue


def test_exports_are_private_until_settled_except_for_staff(admin_client, draft):
    client = Client()
    CommentFactory(page=draft)
    for fmt in ("xlsx", "csv", "pdf"):
        assert client.get(f"/konzultace/{draft.pk}/vyporadani.{fmt}").status_code == 403
    assert admin_client.get(f"/konzultace/{draft.pk}/vyporadani.csv").status_code == 200
    assert client.get(f"/konzultace/{draft.pk}/vyporadani.exe").status_code in (403, 404)
    assert client.get(f"/api/v3/consultations/{draft.pk}/settlement/").status_code == 404


def render_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        page_html(client, page)
    return len(queries)


def test_page_queries_do_not_grow_with_comments(client, draft):
    CommentFactory.create_batch(5, page=draft)
    render_queries(client, draft)  # warm caches (site root, content types)
    few = render_queries(client, draft)
    CommentFactory.create_batch(495, page=draft, section="financing")
    many = render_queries(client, draft)
    assert few == many, (few, many)


def test_api_queries_do_not_grow_with_comments(client, draft):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v3/consultations/{draft.pk}/comments/").status_code == 200
        return len(queries)

    CommentFactory.create_batch(5, page=draft)
    count()
    few = count()
    CommentFactory.create_batch(495, page=draft)
    assert count() == few
