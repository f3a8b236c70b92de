"""Bodies over the limit answer 413 in Czech before they are read: declared by Content-Length,
sent chunked without one, or found too big by Django itself."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories.consultation import ConsultedPageFactory

pytestmark = pytest.mark.django_db


class Exploding(io.BytesIO):
    """A body that must never be read past ``allowed`` bytes."""

    def __init__(self, data, allowed):
        super().__init__(data)
        self.allowed = allowed

    def read(self, size=-1):
        if size is None or size < 0 or self.tell() + size > self.allowed + 1:
            raise AssertionError("the body was read past the limit")
        return super().read(size)


@pytest.fixture
def draft(home_page):
    return ConsultedPageFactory(parent=home_page, slug="navrh")


def comments_url(draft):
    return f"/api/v3/consultations/{draft.pk}/comments/"


def assert_problem(response):
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 413
    assert "MB" in problem["detail"] and "větší" in problem["detail"]


def test_declared_length_over_the_limit_is_refused_unread(client, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "a" * 5000}).encode()
    response = client.generic("POST", comments_url(draft), b"", content_type="application/json",
                              CONTENT_LENGTH=str(len(body)),
                              **{"wsgi.input": Exploding(body, allowed=0)})
    assert_problem(response)


def test_chunked_body_without_length_is_read_only_to_the_limit(client, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"text": "a" * 50_000}).encode()
    response = client.generic("POST", comments_url(draft), b"", content_type="application/json",
                              HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="",
                              # the test client sets no Content-Type for an empty `data`
                              CONTENT_TYPE="application/json",
                              **{"wsgi.input": Exploding(body, allowed=1000)})
    assert_problem(response)


def test_small_chunked_body_reaches_the_view(client, draft, settings):
    body = json.dumps({"text": "b" * 6000}).encode()
    response = client.generic("POST", comments_url(draft), b"", content_type="application/json",
                              HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH="",
                              # the test client sets no Content-Type for an empty `data`
                              CONTENT_TYPE="application/json",
                              **{"wsgi.input": io.BytesIO(body)})
    # The view read the body: its own length check speaks, not an empty-body error.
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "string_too_long"


def test_html_pages_get_a_czech_page(client, home_page, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client.post("/hledat/", {"q": "x" * 500})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "<html lang=\"cs\">" in html and "Požadavek je příliš velký" in html


def test_django_request_data_too_big_becomes_413(admin_client, settings):
    # Under the upload limit as a whole, but the form fields alone are over
    # DATA_UPLOAD_MAX_MEMORY_SIZE: Django finds out while parsing (a 400 by default).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post(reverse("kp_catalogue_import"), {
        "kind": "services" + " " * 5000, "file": SimpleUploadedFile("sluzby.csv", b"Nazev\n")})
    assert response.status_code == 413
    assert "Požadavek je příliš velký" in response.content.decode()


def test_admin_uploads_have_their_higher_limit(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = b"Nazev\n" + b"x" * 5000
    response = admin_client.post(reverse("kp_catalogue_import"), {
        "kind": "services", "file": SimpleUploadedFile("sluzby.csv", data)})
    assert response.status_code == 200
    settings.KPSS_MAX_UPLOAD_BYTES = 2000
    settings.KP_CATALOGUE_REGISTER_MAX_BYTES = 2000
    response = admin_client.post(reverse("kp_catalogue_import"), {
        "kind": "services", "file": SimpleUploadedFile("sluzby.csv", data)})
    assert response.status_code == 413
    assert "Požadavek je příliš velký" in response.content.decode()


def test_normal_requests_pass(home_page):
    assert Client().get("/").status_code == 200


@pytest.mark.django_db
def test_too_many_parameters_or_an_unknown_host_answer_400_in_czech(client, home_page, settings):
    # Django refuses a query of more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters and a host
    # it does not serve; both answer 400 with the site's own Czech page (problem JSON under
    # /api/), never Django's English one, and with DEBUG off no 500.
    settings.DEBUG = False
    client.raise_request_exception = False
    flood = "&".join(f"p{number}=1"
                     for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    page = client.get(f"/?{flood}")
    assert page.status_code == 400
    html = page.content.decode()
    assert "Neplatný požadavek" in html and "Bad Request" not in html
    api = client.get(f"/api/v3/catalogue/services/?{flood}")
    assert api.status_code == 400 and api["Content-Type"] == "application/problem+json"
    assert "parametrů" in api.json()["detail"]
    settings.ALLOWED_HOSTS = ["testserver"]
    elsewhere = client.get("/", HTTP_HOST="utocnik.example")
    assert elsewhere.status_code == 400
    assert "Neplatný požadavek" in elsewhere.content.decode()
    assert 'lang="cs"' in elsewhere.content.decode()
