"""The admin's add and edit forms open for every planning page type."""

import pytest

pytestmark = pytest.mark.django_db

PARENT_OF = {
    "plan": "section", "draft": "plan", "action": "plan", "groups_index": "section",
    "group": "groups_index", "events": "section", "event": "events", "conference": "section",
    "survey": "section",
}


@pytest.mark.parametrize("name", ["section", *PARENT_OF])
def test_edit_form_opens(admin_client, tree, name):
    page = tree[name]
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200


@pytest.mark.parametrize("name", list(PARENT_OF))
def test_add_form_opens_under_the_allowed_parent(admin_client, tree, name):
    page, parent = tree[name], tree[PARENT_OF[name]]
    model = page.specific_class._meta.model_name
    response = admin_client.get(f"/admin/pages/add/kp_plans/{model}/{parent.pk}/")
    # One working-group index per section: the tree already has it, so adding is refused.
    assert response.status_code == (302 if name == "groups_index" else 200)


def test_survey_header_offers_the_export_to_editors(admin_client, tree):
    response = admin_client.get(f"/admin/pages/{tree['survey'].pk}/edit/")
    assert f"/admin/kp-plans/survey/{tree['survey'].pk}/export.csv" in response.content.decode()
