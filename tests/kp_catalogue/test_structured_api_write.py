"""PATCH of hours, accessibility features and languages through the providers' write API:
into the approval workflow, validated like the admin form, refused in Czech, own service only."""

import json

import pytest
from wagtail.models import Revision

from kp_catalogue.models import Location, Service

pytestmark = pytest.mark.django_db


def patch(client, service_id, data, token):
    return client.patch(f"/api/v3/catalogue/services/{service_id}/", data=json.dumps(data),
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
                        HTTP_ACCEPT_LANGUAGE="cs")


def test_patch_structured_data_waits_for_approval(client, org_a, editor):
    service = org_a.service
    response = patch(client, service.pk, {
        "spoken_languages": ["cs", "uk", "uk"],
        "locations": [{"name": "Středisko", "opening_hours": "Po–Pá 8–16; So 9–12",
                       "hours_exceptions": "24. 12. 2026 zavřeno",
                       "accessibility_features": ["bezbarierovy-vstup", "vytah"]}],
    }, org_a.token)
    assert response.status_code == 202, response.content
    assert not Location.objects.filter(service=service).exists()
    assert not Service.objects.get(pk=service.pk).spoken_languages.exists()
    Revision.objects.get(pk=response.json()["revision_id"]).publish(user=editor)
    location = Location.objects.get(service=service)
    assert location.open_days == "123456"
    assert location.hours_exceptions[0]["date"] == "2026-12-24"
    assert set(location.accessibility_features.values_list("code", flat=True)) == {
        "bezbarierovy-vstup", "vytah"}
    assert set(service.spoken_languages.values_list("code", flat=True)) == {"cs", "uk"}


@pytest.mark.parametrize("data, message", [
    ({"locations": [{"opening_hours": "Po 16–8"}]}, "zavírací čas"),
    ({"locations": [{"hours_exceptions": "31. 2. 2026 zavřeno"}]}, "není datum"),
    ({"locations": [{"accessibility_features": ["neexistuje"]}]}, "neexistuje"),
    ({"spoken_languages": ["xx"]}, "xx"),
    ({"locations": [{"opening_hours": "Po 8–16" * 100}]}, ""),
    ({"spoken_languages": ["cs"] * 31}, ""),
])
def test_bad_structured_data_is_refused(client, org_a, data, message):
    response = patch(client, org_a.service.pk, data, org_a.token)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_other_organisation_cannot_patch(client, org_a, org_b):
    response = patch(client, org_b.service.pk, {"spoken_languages": ["uk"]}, org_a.token)
    assert response.status_code == 404
    latest = Service.objects.get(pk=org_b.service.pk).get_latest_revision_as_object()
    assert not latest.spoken_languages.all()
