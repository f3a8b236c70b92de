"""Provider accounts: own entries only, approval by editors, areas and menu, invitations."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from kp_catalogue.models import Provider, ProviderMembership, Service
from kp_catalogue.public.filtering import public_services
from tests.kp_catalogue.admin_forms import form_values
from tests.kp_catalogue.provider_setup import make_editor

pytestmark = pytest.mark.django_db


def edit_url(obj):
    return reverse(f"wagtailsnippets_kp_catalogue_{obj._meta.model_name}:edit", args=[obj.pk])


def test_listing_search_and_export_show_only_own(client, org_a, org_b):
    client.force_login(org_a.user)
    url = reverse("wagtailsnippets_kp_catalogue_service:list")
    listing = client.get(url).content.decode()
    assert org_a.marker in listing and org_b.marker not in listing
    searched = client.get(url, {"q": "ZNACKA"}).content.decode()
    assert org_a.marker in searched and org_b.marker not in searched
    export = client.get(url, {"export": "csv"})
    text = b"".join(export.streaming_content).decode()
    assert org_a.marker in text and org_b.marker not in text
    by_b = client.get(url, {"provider": org_b.provider.pk}).content.decode()
    assert org_b.marker not in by_b


def test_add_forces_own_organisation(client, org_a, org_b):
    client.force_login(org_a.user)
    add = reverse("wagtailsnippets_kp_catalogue_service:add")
    page = client.get(add).content.decode()
    assert org_b.marker not in page
    data = form_values(client.get(edit_url(org_a.service)).content.decode())
    data.update({"name": "Nová služba pro B", "provider": str(org_b.provider.pk)})
    count = Service.objects.count()
    response = client.post(add, data)
    assert Service.objects.count() == count
    assert "spravujete" in response.content.decode()  # the Czech error message
    data["provider"] = str(org_a.provider.pk)
    client.post(add, data)
    created = Service.objects.get(name="Nová služba pro B")
    assert created.provider == org_a.provider and not created.live


@pytest.mark.parametrize("url", [
    "/admin/pages/", "/admin/snippets/", "/admin/reports/site-history/", "/admin/reports/",
    "/admin/users/", "/admin/groups/", "/admin/settings/", "/admin/sites/",
    "/admin/workflows/list/", "/admin/images/", "/admin/documents/",
    "/admin/kp_consultation/comment/", "/admin/snippets/kp_catalogue/servicetype/",
    "/admin/snippets/kp_catalogue/providermembership/", "/admin/bulk/kp_catalogue/service/delete/",
])
def test_other_areas_refuse_providers(client, org_a, url):
    client.force_login(org_a.user)
    response = client.get(url)
    assert response.status_code == 403, (url, response.status_code)
    assert "nemáte oprávnění" in response.content.decode()


def test_reports_and_audit_log_refuse_providers(client, org_a, org_b):
    client.force_login(org_a.user)
    for name in ["wagtailadmin_reports:site_history", "wagtailadmin_reports:workflow",
                 "wagtailadmin_reports:workflow_tasks"]:
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert org_b.marker not in response.content.decode()


def test_menu_shows_only_what_providers_may_use(client, org_a):
    client.force_login(org_a.user)
    dashboard = client.get("/admin/").content.decode()
    assert "kp-provider-entries" in dashboard
    for hidden in ['"name": "explorer"', '"name": "reports"', '"name": "users"',
                   '"name": "images"', '"name": "documents"', '"name": "kp-consultation']:
        assert hidden not in dashboard.replace('\\"', '"'), hidden
    assert "Katalog slu" in dashboard


def test_dashboard_lists_own_entries_with_state(client, org_a, org_b):
    client.force_login(org_a.user)
    html = client.get("/admin/").content.decode()
    assert org_a.marker in html and org_b.marker not in html and org_b.draft_marker not in html
    assert "čeká na schválení" in html


def test_editor_is_unrestricted_and_sees_stale_panel(client, org_a, org_b, editor):
    Service.objects.filter(pk=org_a.service.pk).update(assured_date=None)
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "kp-stale-services" in html and org_a.marker in html
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_service:list")).content.decode()
    assert org_a.marker in listing and org_b.marker in listing


def submit_edit(client, obj, **changes):
    data = form_values(client.get(edit_url(obj)).content.decode())
    data.update(changes)
    data["action-submit"] = "Odeslat"
    return client.post(edit_url(obj), data)


def test_provider_submits_editor_approves_public_shows_it(client, org_a, editor):
    # Clear A's pending submission from the fixture: start from a published state.
    org_a.service.current_workflow_state.cancel(user=editor)
    client.force_login(org_a.user)
    mail.outbox.clear()
    submit_edit(client, org_a.service, name="Služba po změně")
    service = Service.objects.get(pk=org_a.service.pk)
    assert service.name != "Služba po změně"  # nothing public before approval
    assert not public_services().filter(name="Služba po změně").exists()
    state = service.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert any(editor.email in message.to for message in mail.outbox)

    client.force_login(editor)
    compare = reverse("wagtailsnippets_kp_catalogue_service:revisions_compare",
                      args=[service.pk, "live", "latest"])
    assert "Služba po změně" in client.get(compare).content.decode()
    mail.outbox.clear()
    action = reverse("wagtailsnippets_kp_catalogue_service:workflow_action",
                     args=[service.pk, "approve", state.current_task_state.pk])
    client.post(action, {"comment": "V pořádku"})
    service.refresh_from_db()
    assert service.name == "Služba po změně"
    assert public_services().filter(name="Služba po změně").exists()
    assert any(org_a.user.email in message.to for message in mail.outbox)


def test_rejection_with_comment_reaches_provider(client, org_a, editor):
    state = org_a.service.current_workflow_state
    client.force_login(editor)
    mail.outbox.clear()
    action = reverse("wagtailsnippets_kp_catalogue_service:workflow_action",
                     args=[org_a.service.pk, "reject", state.current_task_state.pk])
    client.post(action, {"comment": "Doplňte kapacitu"})
    org_a.service.refresh_from_db()
    assert org_a.draft_marker not in org_a.service.description  # the draft stayed unpublished
    assert any(org_a.user.email in message.to for message in mail.outbox)
    client.force_login(org_a.user)
    html = client.get("/admin/").content.decode()
    assert "vráceno k doplnění" in html and "Doplňte kapacitu" in html


def test_provider_cannot_publish_by_forged_action(client, org_a):
    org_a.service.current_workflow_state.cancel(user=org_a.user)
    client.force_login(org_a.user)
    data = form_values(client.get(edit_url(org_a.service)).content.decode())
    data.update({"name": "Podvržené zveřejnění", "action-publish": "1"})
    client.post(edit_url(org_a.service), data)
    assert not Service.objects.filter(name="Podvržené zveřejnění").exists()


def test_provider_profile_draft_stays_out_of_public_search(client, org_a):
    org_a.provider.current_workflow_state.cancel(user=org_a.user)
    client.force_login(org_a.user)
    submit_edit(client, org_a.provider, name="Tajný koncept jména")
    provider = Provider.objects.get(pk=org_a.provider.pk)
    assert provider.name.startswith("Organizace")
    assert "tajny" not in provider.search_text
    assert not Service.objects.filter(search_text__contains="tajny").exists()
    assert provider.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_provider_with_two_organisations_sees_both(client, org_a, org_b, django_user_model):
    ProviderMembership.objects.create(user=org_a.user, provider=org_b.provider)
    client.force_login(org_a.user)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_service:list")).content.decode()
    assert org_a.marker in listing and org_b.marker in listing


def test_user_without_membership_sees_nothing(client, org_a, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username="bezclenstvi", password="x")
    user.groups.add(Group.objects.get(name="Poskytovatelé"))
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_service:list")).content.decode()
    assert org_a.marker not in listing
    assert client.get(edit_url(org_a.service)).status_code == 404


def test_editor_group_user_is_not_a_provider(django_user_model):
    editor = make_editor(django_user_model, "jinyredaktor")
    from kp_catalogue.accounts.access import provider_ids_for

    assert provider_ids_for(editor) is None
