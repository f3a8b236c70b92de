"""The admin as a provider sees it: Czech labels in the right grammatical case and plural
form, no English left on the screens a provider visits, help texts, checkbox lists, the map
picker's markup, the dashboard's search box and free places updated from the dashboard."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

from kp_catalogue.models import Provider, Service, ServiceProvision
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db

# English that the Czech admin showed before (and Wagtail strings of the same screens).
ENGLISH = ["Search all pages", "Collapse all", "Save Selected", "New: ", "Add or show comments",
           "Sort by '", "More options for", "Anyone can edit", "Just now", " ago", " by poskytovatel", "Search text", "Multi-word tags",
           "is currently awaiting moderation", "Keyboard shortcut", "Show filters",
           "Delete selected snippets", "Your pages and snippets", "Preview in ",
           "No publishing schedule", "Autosave is paused", "Toggle "]
BROKEN_CZECH = ["Přidat sociální služba", "sociální služb<", "Před 8 minut", "Potvrdit Schvál",
                "Provisions", "Druh služby kategorie"]


def visible(response):
    html = response.content.decode()
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>|<noscript.*?</noscript>", " ", html)
    attrs = " ".join(re.findall(r'(?:placeholder|aria-label|title|value)="([^"]*)"', html))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)) + " " + attrs


def provider_pages(org):
    return [reverse("wagtailadmin_home"),
            reverse("wagtailsnippets_kp_catalogue_service:list"),
            reverse("wagtailsnippets_kp_catalogue_service:add"),
            reverse("wagtailsnippets_kp_catalogue_service:edit", args=[org.service.pk]),
            reverse("wagtailsnippets_kp_catalogue_provider:edit", args=[org.provider.pk]),
            reverse("wagtailsnippets_kp_catalogue_provider:list"),
            reverse("wagtailsnippets_kp_catalogue_service:history", args=[org.service.pk]),
            reverse("wagtailsnippets_kp_catalogue_service:inspect", args=[org.service.pk]),
            reverse("wagtailsnippets_kp_catalogue_service:workflow_history",
                    args=[org.service.pk]),
            reverse("wagtailadmin_account"),
            reverse("wagtailusers_api_tokens:index")]


def test_provider_screens_have_no_english_and_no_broken_czech(client, org_a):
    client.force_login(org_a.user)
    for url in provider_pages(org_a):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible(response)
        found = [phrase for phrase in ENGLISH + BROKEN_CZECH if phrase in text]
        assert not found, (url, found, [text[max(0, text.find(p) - 200):text.find(p) + 50]
                                        for p in found])


def test_add_label_and_counts_in_czech_cases(client, org_a):
    for _number in range(6):
        ServiceFactory(provider=org_a.provider)
    client.force_login(org_a.user)
    text = visible(client.get(reverse("wagtailsnippets_kp_catalogue_service:list")))
    assert "Přidat sociální službu" in text
    assert "7 sociálních služeb" in text
    assert "1 poskytovatel" in visible(client.get(
        reverse("wagtailsnippets_kp_catalogue_provider:list")))


def test_relative_times_agree_in_case():
    eight_minutes_ago = timezone.now() - dt.timedelta(minutes=8)
    with translation.override("cs"):
        assert timesince_simple(eight_minutes_ago) == "8\xa0minut zpět"


def test_edit_form_explains_approval_and_helps(client, org_a):
    client.force_login(org_a.user)
    html = client.get(reverse("wagtailsnippets_kp_catalogue_service:edit",
                              args=[org_a.service.pk])).content.decode()
    assert "Jak se změna dostane do veřejného katalogu" in html
    assert "Uložením konceptu" in visible(client.get(reverse("wagtailadmin_home")))
    # Target groups and municipalities: checkboxes, not a multiple select.
    assert re.search(r'type="checkbox" name="target_groups"', html)
    assert re.search(r'type="checkbox" name="service_areas"', html)
    assert 'name="service_areas" multiple' not in html and "<select name=\"target_groups\"" not in html
    # The map picker over the decimal fields, which stay plain inputs.
    assert "data-kp-map-picker" in html and "kp_catalogue/admin/provider_admin.js" in html
    assert 'name="locations-__prefix__-latitude"' in html
    for help_text in ("Zaškrtněte všechny skupiny lidí", "Kolik nových klientů teď můžete",
                      "Srozumitelně: co služba dělá", "První krok klienta"):
        assert help_text in html


def test_no_link_on_provider_screens_ends_in_403(client, org_a):
    client.force_login(org_a.user)
    for url in provider_pages(org_a):
        html = client.get(url).content.decode()
        for link in set(re.findall(r'href="(/admin/[^"#?]*)', html)):
            if "/logout/" not in link:
                assert client.get(link).status_code != 403, (url, link)
        # GET forms (the dashboard's search box) as the browser submits them.
        for form in re.findall(r'(?s)<form[^>]*method="get"[^>]*>.*?</form>', html):
            action = re.search(r'action="(/admin/[^"#?]*)"', form)
            names = re.findall(r'<input[^>]*name="([^"]+)"', form)
            if action:
                response = client.get(action.group(1), dict.fromkeys(names, ""))
                assert response.status_code != 403, (url, action.group(1))


def test_dashboard_search_searches_own_services(client, org_a, org_b):
    client.force_login(org_a.user)
    response = client.get(reverse("wagtailadmin_explore_root"), {"q": "ZNACKA"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailsnippets_kp_catalogue_service:list"))
    listing = client.get(response["Location"])
    assert org_a.marker in listing.content.decode()
    assert org_b.marker not in listing.content.decode()
    # The page explorer itself stays closed.
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 403


def free_places(client, service, provision, value):
    return client.post(reverse("kp_catalogue_free_places", args=[service.pk]),
                       {"provision": provision.pk, "available": value, "next": "/admin/"})


def test_free_places_public_at_once_and_kept_by_a_later_approval(client, org_a, editor):
    provision = org_a.service.provisions.get()
    client.force_login(org_a.user)
    response = free_places(client, org_a.service, provision, "7")
    assert response.status_code == 302
    provision.refresh_from_db()
    assert (provision.available, provision.available_updated) == (7, timezone.localdate())
    # The draft submitted before still holds no number; approving it keeps today's 7.
    service = Service.objects.get(pk=org_a.service.pk)
    service.get_latest_revision().publish(user=editor)
    assert ServiceProvision.objects.get(pk=provision.pk).available == 7
    assert "Rozpracováno" in Service.objects.get(pk=service.pk).description


@pytest.mark.parametrize("value", ["-1", "abc", "", "51", "9999999"])
def test_free_places_refused_in_czech(client, org_a, value):
    provision = org_a.service.provisions.get()
    client.force_login(org_a.user)
    response = free_places(client, org_a.service, provision, value)
    assert response.status_code == 400
    assert "míst" in response.content.decode()
    provision.refresh_from_db()
    assert provision.available is None


def test_free_places_of_another_organisation_are_not_reachable(client, org_a, org_b):
    client.force_login(org_a.user)
    foreign = org_b.service.provisions.get()
    assert free_places(client, org_b.service, foreign, "3").status_code == 404
    # Own service, another organisation's provision id: refused too.
    assert free_places(client, org_a.service, foreign, "3").status_code == 400
    foreign.refresh_from_db()
    assert foreign.available is None


def field_panels(model, panels):
    for panel in panels:
        if isinstance(panel, InlinePanel):
            child = getattr(model, panel.relation_name).rel.related_model
            yield from field_panels(child, child.panels)
        elif isinstance(panel, FieldPanel):
            yield model, panel
        else:
            yield from field_panels(model, getattr(panel, "children", []))


@pytest.mark.parametrize("model", [Service, Provider])
def test_every_field_a_provider_fills_has_help(model):
    missing = []
    for owner, panel in field_panels(model, model.panels):
        field = owner._meta.get_field(panel.field_name)
        if not (panel.help_text or field.help_text):
            missing.append(f"{owner.__name__}.{panel.field_name}")
    assert not missing


def test_wagtail_javascript_strings_in_czech(client, org_a):
    client.force_login(org_a.user)
    catalogue = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert "Sbalit v\\u0161e" in catalogue or "Sbalit vše" in catalogue
    assert "Rozbalit v\\u0161e" in catalogue or "Rozbalit vše" in catalogue
