"""Every field of every planning page type is served by /api/v3/pages/{id}/ and documented,
with a type, in /api/v3/openapi.json."""

import pytest
from wagtail.api import APIField

from kp_plans import models as plan_models

pytestmark = pytest.mark.django_db

PAGE_TYPES = {
    "section": plan_models.PlanningSectionPage, "plan": plan_models.CommunityPlanPage,
    "draft": plan_models.PlanDraftPage, "action": plan_models.ActionPlanPage,
    "groups_index": plan_models.WorkingGroupIndexPage, "group": plan_models.WorkingGroupPage,
    "events": plan_models.EventIndexPage, "event": plan_models.EventPage,
    "conference": plan_models.ConferencePage, "survey": plan_models.NeedsSurveyPage,
    "coverage": plan_models.CoveragePage, "network": plan_models.ServiceNetworkPage,
    "evaluation": plan_models.ProcessEvaluationPage,
}


def field_names(model):
    return [field.name for field in APIField.get_fields_for_model(model)]


def test_every_page_type_of_the_app_is_covered():
    from wagtail.models import get_page_models

    ours = {m for m in get_page_models() if m._meta.app_label == "kp_plans"}
    assert ours == set(PAGE_TYPES.values())


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_detail_serves_every_api_field(client, tree, name):
    model = PAGE_TYPES[name]
    data = client.get(f"/api/v3/pages/{tree[name].pk}/").json()
    assert data["meta"]["type"] == model._meta.label
    missing = [field for field in field_names(model) if field not in data]
    assert missing == []


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_openapi_documents_every_api_field(client, name):
    model = PAGE_TYPES[name]
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    properties = schemas[f"{model.__name__}Schema"]["properties"]
    missing = [field for field in field_names(model) if field not in properties]
    assert missing == []


def test_child_relations_are_typed_with_their_public_fields(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    for child in [plan_models.CommentPlace, plan_models.ActionPlanItem, plan_models.GroupMember,
                  plan_models.GroupDocument, plan_models.PlanAttachment,
                  plan_models.ConferenceFormField, plan_models.SurveyFormField]:
        properties = schemas[f"{child.__name__}Schema"]["properties"]
        assert set(field_names(child)) <= set(properties), child
    # Meetings go through a typed field that hides those of non-public groups.
    assert set(field_names(plan_models.Meeting)) <= set(schemas["MeetingOut"]["properties"])


def test_structured_fields_have_real_types(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    measure = schemas["MeasureOut"]["properties"]
    assert {"code", "title", "target_groups", "estimated_cost", "indicators",
            "responsible", "partners", "funding_sources", "start_year", "end_year"} <= set(measure)
    assert measure["indicators"]["type"] == "array"
    assert set(schemas["SwotOut"]["properties"]) == {"strengths", "weaknesses", "opportunities",
                                                     "threats"}
    assert set(schemas["DraftSectionOut"]["properties"]) == {"anchor", "title", "body"}
    priority_list = schemas["CommunityPlanPageSchema"]["properties"]["priority_list"]
    assert "PriorityOut" in str(priority_list)


def test_plan_api_serves_measures_with_codes(client, tree):
    data = client.get(f"/api/v3/pages/{tree['plan'].pk}/").json()
    first = data["priority_list"][0]
    assert first["kind"] == {"value": "group", "label": "skupinová"}
    assert [m["code"] for m in first["measures"]] == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert first["measures"][0]["estimated_cost"] == "150000.00"
    assert first["measures"][0]["target_groups"] == [{"value": "seniors", "label": "Senioři"}]
    assert data["working_groups"] == [tree["group"].pk]


def test_unpublished_draft_is_not_served_to_anonymous(client, tree):
    tree["draft"].unpublish()
    assert client.get(f"/api/v3/pages/{tree['draft'].pk}/").status_code == 404
