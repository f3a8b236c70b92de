"""Providers PATCH their own services with an API token; changes wait for approval."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Revision, WorkflowState

from kp_catalogue.models import Service

pytestmark = pytest.mark.django_db


def patch(client, service_id, data, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.patch(f"/api/v3/catalogue/services/{service_id}/", data=json.dumps(data),
                        content_type="application/json", **headers)


def test_patch_own_service_creates_a_submitted_revision(client, org_a):
    revisions = Revision.objects.count()
    response = patch(client, org_a.service.pk, {"phone": "777 000 111"}, org_a.token)
    assert response.status_code == 202, response.content
    service = Service.objects.get(pk=org_a.service.pk)
    assert service.phone != "777 000 111"  # nothing public before approval
    assert Revision.objects.count() == revisions + 1
    latest = service.get_latest_revision_as_object()
    assert latest.phone == "777 000 111"
    assert org_a.draft_marker in latest.description  # built on the pending draft
    state = service.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The editors review this very revision, not the draft that was pending before.
    assert state.current_task_state.revision_id == response.json()["revision_id"]


def test_patch_other_organisation_is_404_and_changes_nothing(client, org_a, org_b):
    revisions = Revision.objects.count()
    response = patch(client, org_b.service.pk, {"phone": "777 000 111"}, org_a.token)
    assert response.status_code == 404
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize("data", [{"email": "neni-email"}, {"status": "zruseno"},
                                  {"provider": 1}, {}, {"name": ""}])
def test_patch_validates(client, org_a, data):
    revisions = Revision.objects.count()
    response = patch(client, org_a.service.pk, data, org_a.token)
    assert response.status_code in (400, 422), response.content
    assert Revision.objects.count() == revisions


def test_patch_without_token_or_with_session_is_refused(client, org_a):
    assert patch(client, org_a.service.pk, {"phone": "1"}).status_code == 401
    client.force_login(org_a.user)
    assert patch(client, org_a.service.pk, {"phone": "1"}).status_code == 401


def test_revoked_token_is_refused(client, org_a):
    from django.utils import timezone
    from wagtail.models import APIToken

    APIToken.objects.filter(user=org_a.user).update(revoked_at=timezone.now())
    assert patch(client, org_a.service.pk, {"phone": "1"}, org_a.token).status_code == 401


def test_provider_manages_own_tokens_only(client, org_a, org_b):
    from wagtail.models import APIToken

    client.force_login(org_a.user)
    listing = client.get("/admin/api-tokens/")
    assert listing.status_code == 200
    b_token = APIToken.objects.get(user=org_b.user)
    assert b_token.prefix not in listing.content.decode()
    add = reverse("wagtailusers_api_tokens:add")
    client.post(add, {"name": "cizí", "user": org_b.user.pk})
    assert not APIToken.objects.filter(user=org_b.user, name="cizí").exists()
    created = client.post(add, {"name": "můj", "user": org_a.user.pk})
    token = APIToken.objects.get(user=org_a.user, name="můj")
    assert token.prefix in created.content.decode()  # the plaintext is shown once
    client.post(reverse("wagtailusers_api_tokens:delete", args=[b_token.pk]))
    b_token.refresh_from_db()
    assert b_token.revoked_at is None
    client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None
