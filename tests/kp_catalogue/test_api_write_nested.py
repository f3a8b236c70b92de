"""PATCH of a service's forms of provision (capacity, free places), contacts and locations:
the same approval as plain fields, and the same validation as the admin form."""

import json

import pytest
from wagtail.models import Revision, WorkflowState

from kp_catalogue.models import Contact, Location, Service, ServiceProvision

pytestmark = pytest.mark.django_db


def patch(client, service_id, data, token):
    return client.patch(f"/api/v3/catalogue/services/{service_id}/", data=json.dumps(data),
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_patch_provisions_contacts_locations_waits_for_approval(client, org_a, editor):
    service = org_a.service
    provision = service.provisions.get()
    live_contacts = list(service.contacts.values_list("name", flat=True))
    response = patch(client, service.pk, {
        "provisions": [{"id": provision.pk, "form": "ter", "unit": "klient", "maximum": 40,
                        "available": 5, "available_updated": "2026-11-20"},
                       {"form": "amb", "unit": "klient", "maximum": 10}],
        "contacts": [{"name": "Jana Nová", "title": "sociální pracovnice", "is_public": True}],
        "locations": [{"name": "Středisko", "city": "Valašské Meziříčí",
                       "municipality": "valasske-mezirici", "latitude": "49.471234",
                       "longitude": "17.971234"}],
    }, org_a.token)
    assert response.status_code == 202, response.content
    # Nothing public yet.
    assert ServiceProvision.objects.get(pk=provision.pk).available is None
    assert list(Contact.objects.filter(service=service).values_list("name", flat=True)) \
        == live_contacts
    assert not Location.objects.filter(service=service).exists()
    fresh = Service.objects.get(pk=service.pk)
    assert fresh.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    draft = fresh.get_latest_revision_as_object()
    assert org_a.draft_marker in draft.description  # built on the pending draft
    assert sorted(p.form.code for p in draft.provisions.all()) == ["amb", "ter"]
    # Approval publishes the lists as sent: the edited provision keeps its id.
    Revision.objects.get(pk=response.json()["revision_id"]).publish(user=editor)
    kept = ServiceProvision.objects.get(pk=provision.pk)
    assert (kept.maximum, kept.available) == (40, 5)
    assert service.provisions.count() == 2
    assert list(service.contacts.values_list("name", flat=True)) == ["Jana Nová"]
    location = service.locations.get()
    assert location.municipality.code == "valasske-mezirici"
    assert str(location.latitude) == "49.471234"


@pytest.mark.parametrize("data", [
    {"provisions": []},
    {"provisions": [{"form": "neni"}]},
    {"provisions": [{"form": "ter", "unit": "klient", "maximum": 3, "available": 5,
                     "available_updated": "2026-11-20"}]},
    {"provisions": [{"form": "ter", "available": 2}]},
    {"provisions": [{"form": "ter", "maximum": -1}]},
    {"provisions": [{"form": "ter", "maximum": 2**31}]},
    {"provisions": [{"form": "ter", "extra": 1}]},
    {"contacts": [{"name": ""}]},
    {"contacts": [{"name": "X", "email": "neni-email"}]},
    {"locations": [{"latitude": "91"}]},
    {"locations": [{"municipality": "neexistuje"}]},
    {"contacts": [{"id": 999999, "name": "X"}]},
])
def test_patch_of_children_validates(client, org_a, data):
    revisions = Revision.objects.count()
    response = patch(client, org_a.service.pk, data, org_a.token)
    assert response.status_code in (400, 422), response.content
    assert Revision.objects.count() == revisions


def test_ids_of_another_service_are_refused(client, org_a, org_b):
    """An item id of another organisation's service cannot be moved into one's own."""
    foreign = org_b.service.provisions.get()
    revisions = Revision.objects.count()
    response = patch(client, org_a.service.pk,
                     {"provisions": [{"id": foreign.pk, "form": "ter"}]}, org_a.token)
    assert response.status_code == 422
    assert Revision.objects.count() == revisions
    assert ServiceProvision.objects.get(pk=foreign.pk).service_id == org_b.service.pk
