"""Bad input to any API route gets a Czech problem document in Wagtail's RFC 7807 shape."""

import pytest

from tests.factories.consultation import ConsultedPageFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def draft(home_page):
    return ConsultedPageFactory(parent=home_page, slug="navrh")


def post_comment(client, draft, body):
    return client.post(f"/api/v3/consultations/{draft.pk}/comments/", body,
                       content_type="application/json")


def test_too_long_text_is_explained_in_czech_per_field(client, draft):
    response = post_comment(client, draft, {"text": "a" * 5001})
    assert response.status_code == 422
    assert response["Content-Type"].startswith(PROBLEM)
    problem = response.json()
    assert problem["status"] == 422
    assert problem["detail"] == ("Požadavek obsahuje neplatné údaje. Podrobnosti k jednotlivým "
                                 "polím jsou v errors.")
    [error] = problem["errors"]
    assert error["loc"][-1] == "text"
    assert error["type"] == "string_too_long"
    assert error["msg"] == "Zadejte nejvýše 5000 znaků."


def test_wrong_types_and_choices_are_explained_in_czech(client, draft):
    problem = post_comment(client, draft, {"text": 5, "role": "nobody"}).json()
    messages = {error["loc"][-1]: error["msg"] for error in problem["errors"]}
    assert messages["text"] == "Zadejte text."
    assert messages["role"].startswith("Vyberte jednu z hodnot: ")
    assert "'public'" in messages["role"]


def test_a_body_that_is_not_json(client, draft):
    response = post_comment(client, draft, "tohle není JSON")
    assert response.status_code == 400
    assert response.json()["detail"] == "Požadavek nelze přečíst. Pošlete platný JSON."


def test_query_parameter_out_of_range(client):
    response = client.get("/api/v3/catalogue/services/?limit=1000")
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["msg"] == "Zadejte číslo menší nebo rovné 100."


def test_missing_record(client):
    response = client.get("/api/v3/catalogue/services/987654/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Požadovaný záznam neexistuje."


def test_token_protected_route_without_a_token(client):
    response = client.get("/api/v3/snippets/kp_catalogue.service/")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Je potřeba přihlášení")


def test_a_message_of_our_own_passes_through(client, draft):
    """A Czech refusal written by the consultation code is not replaced by a stock one."""
    draft.comment_period_start = None
    draft.comment_period_end = None
    draft.save()
    response = post_comment(client, draft, {"text": "Pozdě."})
    assert response.status_code == 403
    assert response.json()["detail"] == "Tento dokument není otevřen k připomínkám."
