"""Providers edit hours, accessibility and languages in their restricted admin; the change
waits for approval like every other field and reaches the public catalogue when approved."""

import pytest
from django.urls import reverse

from kp_catalogue.models import AccessibilityFeature, Language, Location, Service
from tests.factories.catalogue import LocationFactory
from tests.kp_catalogue.admin_forms import form_values

pytestmark = pytest.mark.django_db


def edit_url(service):
    return reverse("wagtailsnippets_kp_catalogue_service:edit", args=[service.pk])


def test_code_lists_are_seeded():
    assert {"cs", "uk", "cse", "de", "vi"} <= set(Language.objects.values_list("code", flat=True))
    assert AccessibilityFeature.objects.filter(code=AccessibilityFeature.BARRIER_FREE).exists()
    assert AccessibilityFeature.objects.filter(code="indukcni-smycka").exists()


def test_provider_edits_structured_data_through_approval(client, org_a, editor):
    location = LocationFactory(service=org_a.service)
    org_a.service.save_revision(user=editor).publish(user=editor)
    assert org_a.service.current_workflow_state is None  # publishing ended the pending one
    client.force_login(org_a.user)
    data = form_values(client.get(edit_url(org_a.service)).content.decode())
    barrier_free = AccessibilityFeature.objects.get(code=AccessibilityFeature.BARRIER_FREE)
    ukrainian = Language.objects.get(code="uk")
    prefix = next(key.removesuffix("-opening_hours") for key in data
                  if key.endswith("-opening_hours") and "__prefix__" not in key)
    data.update({
        f"{prefix}-opening_hours": "po-pa 8-16; So 9:00–12:00",
        f"{prefix}-hours_exceptions": "24. 12. 2026 zavřeno – Štědrý den",
        f"{prefix}-accessibility_features": [str(barrier_free.pk)],
        "spoken_languages": [str(Language.objects.get(code="cs").pk), str(ukrainian.pk)],
        "action-submit": "Odeslat",
    })
    response = client.post(edit_url(org_a.service), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # Nothing public before approval.
    live = Location.objects.get(pk=location.pk)
    assert live.opening_hours == [] and not live.accessibility_features.exists()
    assert not Service.objects.get(pk=org_a.service.pk).spoken_languages.exists()

    service = Service.objects.get(pk=org_a.service.pk)
    service.get_latest_revision().publish(user=editor)
    live = Location.objects.get(pk=location.pk)
    assert live.open_days == "123456"
    assert live.opening_hours[-1] == {"weekday": 6, "opens": "09:00", "closes": "12:00"}
    assert live.hours_exceptions[0]["closed"] is True
    assert list(live.accessibility_features.all()) == [barrier_free]
    assert set(service.spoken_languages.values_list("code", flat=True)) == {"cs", "uk"}

    # The form shows the rows as text again.
    html = client.get(edit_url(org_a.service)).content.decode()
    assert "Po–Pá 8:00–16:00; So 9:00–12:00" in html


def test_bad_hours_are_refused_in_czech(client, org_a):
    LocationFactory(service=org_a.service)
    org_a.service.save_revision(user=org_a.user)  # the form edits the latest revision
    client.force_login(org_a.user)
    data = form_values(client.get(edit_url(org_a.service)).content.decode())
    prefix = next(key.removesuffix("-opening_hours") for key in data
                  if key.endswith("-opening_hours") and "__prefix__" not in key)
    data.update({f"{prefix}-opening_hours": "Po 16–8", "action-submit": "Odeslat"})
    response = client.post(edit_url(org_a.service), data)
    assert response.status_code == 200
    assert "musí zavírací čas následovat" in response.content.decode()
