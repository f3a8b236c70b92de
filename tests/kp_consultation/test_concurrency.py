"""200 comments at once against the live server: nothing lost, nothing half-written, no 5xx.

Half the requests go through the HTML form (CSRF cookie, session, redirect), half through the
API. A bounded pool of threads talks to the loopback live server; run on SQLite and, with
DATABASE_URL, on PostgreSQL.
"""

import http.client
import json
import re
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from kp_consultation.models import Channel, Comment
from kp_consultation.submission import issue_form_token
from tests.factories.consultation import ConsultedPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 200
WORKERS = 16


@pytest.fixture
def consultation(settings, live_server, demo_db):
    settings.KP_CONSULTATION_RATE_LIMIT = 10_000
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    cache.clear()
    from kpsite.home.models import HomePage

    draft = ConsultedPageFactory(parent=HomePage.objects.get(), slug="soubezne",
                                 comments_premoderated=False)
    return live_server, draft


def connection(server):
    parts = urllib.parse.urlsplit(server.url)
    assert parts.hostname in {"localhost", "127.0.0.1"}  # loopback only
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)


def csrf_pair(server, draft):
    conn = connection(server)
    conn.request("GET", draft.url)
    response = conn.getresponse()
    html = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    conn.close()
    return cookie, token


def send(server, draft, number, csrf):
    text = f"Souběžná připomínka {number}"
    conn = connection(server)
    try:
        if number % 2:
            body = json.dumps({"text": text, "section": "financing"})
            conn.request("POST", f"/api/v3/consultations/{draft.pk}/comments/", body,
                         {"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
            created = json.loads(payload)["id"] if response.status == 201 else None
            return number, text, response.status, created
        cookie, token = csrf
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "form_token": issue_form_token(),
            "section": "financing", "origin": "financing", "text": text, "role": "public"})
        conn.request("POST", f"/konzultace/{draft.pk}/pripominka/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}"})
        response = conn.getresponse()
        response.read()
        return number, text, response.status, None
    finally:
        conn.close()


def test_two_hundred_concurrent_comments(consultation):
    server, draft = consultation
    csrf = csrf_pair(server, draft)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(lambda n: send(server, draft, n, csrf), range(REQUESTS)))
    statuses = [status for _n, _t, status, _id in results]
    assert not [s for s in statuses if s >= 500], statuses
    stored = dict(Comment.objects.filter(page=draft).values_list("text", "channel"))
    api_accepted = [(text, pk) for number, text, status, pk in results if status == 201]
    form_accepted = [text for number, text, status, _ in results
                     if number % 2 == 0 and status == 302]
    # Every accepted response has its row, in the right channel.
    for text, pk in api_accepted:
        assert Comment.objects.filter(pk=pk, text=text, channel=Channel.API).exists()
    for text in form_accepted:
        assert stored.get(text) == Channel.WEB, text
    # Nothing was refused under load, and nothing is stored twice.
    assert len(api_accepted) + len(form_accepted) == REQUESTS
    assert Comment.objects.filter(page=draft).count() == REQUESTS
