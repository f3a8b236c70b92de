"""The OpenAPI document at /api/v3/openapi.json: one name per schema, answers that match it,
error answers documented as problem documents."""

from collections import defaultdict

import jsonschema
import pytest
from pydantic import BaseModel

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    return client.get("/api/v3/openapi.json").json()


def all_models(cls=BaseModel):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from all_models(subclass)


def test_every_component_name_belongs_to_one_schema(document):
    # django-ninja names components after the class, and a second class with the same name
    # silently replaces the first: every answer of the other shape then fails the document.
    components = document["components"]["schemas"]
    by_name = defaultdict(list)
    for model in all_models():
        if model.__name__ in components and model.__module__.startswith(
                ("kp_", "kpsite", "wagtail")):
            shape = model.model_json_schema()
            if shape not in by_name[model.__name__]:
                by_name[model.__name__].append(shape)
    clashes = sorted(name for name, shapes in by_name.items() if len(shapes) > 1)
    assert clashes == []


def test_the_check_sees_a_clash():
    class ConsultationOut(BaseModel):
        something_else: int

    names = [model.__name__ for model in all_models() if model.__name__ == "ConsultationOut"
             and model.__module__.startswith(("kp_", "tests"))]
    assert len(names) == 2


def response_validator(document, path, status="200"):
    content = document["paths"][path]["get"]["responses"][status]["content"]
    schema = dict(content["application/json"]["schema"])
    schema["components"] = document["components"]
    return jsonschema.Draft202012Validator(schema)


def test_a_plan_draft_from_the_pages_api_matches_its_documented_schema(client, document, tree):
    draft = tree["draft"]
    answer = client.get(f"/api/v3/pages/{draft.pk}/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["consultation"]["state"]
    validator = response_validator(document, "/api/v3/pages/{page_id}/")
    errors = [error.message for error in validator.iter_errors(body)]
    assert errors == []
    draft_schema = document["components"]["schemas"]["PlanDraftPageSchema"]
    refs = [option.get("$ref", "") for option in draft_schema["properties"]["consultation"]["anyOf"]]
    assert "#/components/schemas/DraftConsultationOut" in refs


def test_consultation_answer_matches_its_documented_schema(client, document, tree):
    answer = client.get(f"/api/v3/consultations/{tree['draft'].pk}/")
    assert answer.status_code == 200
    validator = response_validator(document, "/api/v3/consultations/{page_id}/")
    assert [error.message for error in validator.iter_errors(answer.json())] == []


def test_error_answers_are_documented_as_problem_documents(client, document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "4XX" in responses, (path, method)
            for status, response in responses.items():
                if status[0] in "45":
                    assert set(response["content"]) == {"application/problem+json"}, (
                        path, method, status)
    # And the answers really are problem documents.
    missing = client.get("/api/v3/consultations/999999/")
    assert missing.status_code == 404
    assert missing["Content-Type"].startswith("application/problem+json")
    assert missing.json()["detail"]
