"""The "Katalog služeb" admin: listings with filters, inspect, safe export, drafts."""

import pytest
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder

from kp_catalogue.models import ServiceType
from tests.factories.catalogue import ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def test_menu_group_and_listings_render(admin_client):
    dashboard = admin_client.get("/admin/").content.decode()
    # The sidebar menu arrives as JSON for the admin's JavaScript, with escaped accents.
    assert "Katalog slu\\u017eeb" in dashboard or "Katalog služeb" in dashboard
    for name in ["service", "provider", "servicetype", "targetgroup", "agegroup", "serviceform",
                 "capacityunit", "municipality"]:
        response = admin_client.get(reverse(f"wagtailsnippets_kp_catalogue_{name}:list"))
        assert response.status_code == 200, name


def test_service_list_filters_and_search(admin_client):
    ServiceFactory(name="Pečovatelská služba A")
    ServiceFactory(name="Domov B", service_type=ServiceType.objects.get(code="13"))
    url = reverse("wagtailsnippets_kp_catalogue_service:list_results")
    by_category = admin_client.get(url, {"service_type__category": "prevention"}).content.decode()
    assert "Pečovatelská služba A" not in by_category and "Domov B" not in by_category
    by_type = admin_client.get(url, {"service_type": ServiceType.objects.get(code="13").pk})
    assert "Domov B" in by_type.content.decode()
    assert "Pečovatelská služba A" not in by_type.content.decode()
    searched = admin_client.get(url, {"q": "Domov"}).content.decode()
    assert "Domov B" in searched


def test_inspect_view(admin_client):
    service = ServiceFactory(name="Inspektovaná služba")
    url = AdminURLFinder().get_edit_url(service).replace("/edit/", "/inspect/")
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Inspektovaná služba" in response.content.decode()


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_escapes_spreadsheet_formulas(admin_client, export_format):
    provider = ProviderFactory(name='=HYPERLINK("http://evil.example","klikni")')
    ServiceFactory(provider=provider, name="+SUM(1;2)")
    response = admin_client.get(reverse("wagtailsnippets_kp_catalogue_service:list"),
                                {"export": export_format})
    assert response.status_code == 200
    if export_format == "csv":
        body = b"".join(response.streaming_content).decode()
        assert "'+SUM(1;2)" in body
        assert "'=HYPERLINK" in body
        assert "\n=" not in body and ",=" not in body and ",+" not in body
    else:
        import io

        from openpyxl import load_workbook

        content = b"".join(response.streaming_content) if response.streaming else response.content
        sheet = load_workbook(io.BytesIO(content)).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'+SUM(1;2)" in values
        assert not any(isinstance(v, str) and v.startswith(("=", "+")) for v in values)


def test_saving_a_draft_in_the_admin_does_not_change_the_public_version(admin_client, catalogue):
    service = ServiceFactory(name="Původní název")
    edit_url = AdminURLFinder().get_edit_url(service)
    form = admin_client.get(edit_url).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [item.pk for item in value.all()]
        elif isinstance(value, list):
            value = [getattr(item, "pk", item) for item in value]
        if value is None:
            continue
        data[name] = value
    data["tags"] = ""
    for prefix, formset in form.formsets.items():
        data[f"{prefix}-TOTAL_FORMS"] = formset.total_form_count()
        data[f"{prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for index, child in enumerate(formset.forms):
            data[f"{prefix}-{index}-id"] = child.instance.pk
            data[f"{prefix}-{index}-ORDER"] = index + 1
            for name in child.fields:
                value = child.initial.get(name)
                if value is None:
                    continue
                data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value)
    data["name"] = "Rozpracovaný název"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    service.refresh_from_db()
    assert service.latest_revision.content["name"] == "Rozpracovaný název"
    assert service.has_unpublished_changes
    public = admin_client.get(catalogue.url).content.decode()
    assert "Původní název" in public and "Rozpracovaný název" not in public
    api = admin_client.get("/api/v3/catalogue/services/").json()
    assert [item["name"] for item in api["items"]] == ["Původní název"]
