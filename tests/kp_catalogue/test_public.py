"""The public catalogue: filters, diacritics-insensitive search, drafts, secrets, print, map."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from kp_catalogue.models import AgeGroup, Municipality, ServiceType, TargetGroup
from tests.factories.catalogue import ContactFactory, LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {h.get_text(strip=True) for h in soup.select(".service-card .card__title")}


@pytest.fixture
def services():
    seniors = TargetGroup.objects.get(code="24")
    families = TargetGroup.objects.get(code="rodiny-deti-mladez")
    kelc = Municipality.objects.get(code="kelc")
    zasova = Municipality.objects.get(code="zasova")
    care = ServiceFactory(name="Pečovatelská služba Kelč", service_areas=[kelc],
                          target_groups=[seniors],
                          provisions=[{"form": "ter", "available": 4}])
    care.tags.add("doprava")
    care.save()
    home = ServiceFactory(name="Domov pro seniory Zašová",
                          service_type=ServiceType.objects.get(code="13"),
                          service_areas=[zasova], target_groups=[seniors],
                          provisions=[{"form": "pob", "unit": "luzka"}])
    home.age_groups.set([AgeGroup.objects.get(code="starsi-seniori")])
    home.save()  # parental many-to-many relations are written on save
    family = ServiceFactory(name="Sociálně aktivizační služba Rodina",
                            service_type=ServiceType.objects.get(code="p65"),
                            service_areas=[kelc, zasova], target_groups=[families],
                            provisions=[{"form": "amb"}, {"form": "ter"}])
    return {"care": care, "home": home, "family": family}


@pytest.mark.parametrize("query, expected", [
    ("", {"care", "home", "family"}),
    ("q=pecovatelska", {"care"}),
    ("q=PEČOVATELSKÁ", {"care"}),
    ("q=zasova+seniory", {"home"}),
    ("q=rodina", {"family"}),
    ("q=charita+testov", {"care", "home", "family"}),
    ("q=doprava", {"care"}),
    ("q=nic-takoveho", set()),
    ("kategorie=prevention", {"family"}),
    ("kategorie=care", {"care", "home"}),
    ("kategorie=neexistuje", {"care", "home", "family"}),
    ("druh=13", {"home"}),
    ("skupina=24", {"care", "home"}),
    ("skupina=rodiny-deti-mladez&obec=kelc", {"family"}),
    ("obec=kelc", {"care", "family"}),
    ("obec=zasova", {"home", "family"}),
    ("forma=ter", {"care", "family"}),
    ("forma=pob", {"home"}),
    ("vek=starsi-seniori", {"home"}),
    ("stitek=doprava", {"care"}),
    ("volna_mista=1", {"care"}),
])
def test_filters_and_search(client, catalogue, services, query, expected):
    response = client.get(f"{catalogue.url}?{query}")
    assert response.status_code == 200
    assert names(response) == {services[key].name for key in expected}


def test_filter_state_lives_in_the_url_and_the_form(client, catalogue, services):
    response = client.get(catalogue.url + "?obec=kelc&q=pecovatelska")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#f-obec option[selected]")["value"] == "kelc"
    assert soup.select_one("#f-q")["value"] == "pecovatelska"
    form = soup.select_one("form.catalogue-filters")
    assert form["method"] == "get"
    print_link = soup.find("a", string="Vytisknout tento seznam")
    assert "obec=kelc" in print_link["href"] and "q=pecovatelska" in print_link["href"]


def test_pagination_keeps_filters(client, catalogue):
    catalogue.per_page = 2
    catalogue.save_revision().publish()
    for number in range(5):
        ServiceFactory(name=f"Terénní program {number}",
                       service_type=ServiceType.objects.get(code="p69"))
    first = client.get(catalogue.url + "?druh=p69")
    assert len(names(first)) == 2
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one("a[rel=next]")["href"]
    assert "druh=p69" in next_link and "strana=2" in next_link
    third = client.get(catalogue.url + "?druh=p69&strana=3")
    assert len(names(third)) == 1


def test_unpublished_service_and_draft_edits_never_show(client, catalogue):
    never_published = ServiceFactory(name="Tajný koncept", live=False)
    published = ServiceFactory(name="Zveřejněná služba")
    published.save_revision().publish()
    # An editor saves a draft of a new name and a new description without publishing.
    published.name = "Neschválený název"
    published.description = "Neschválený popis"
    published.save_revision()

    listing = client.get(catalogue.url).content.decode()
    assert "Zveřejněná služba" in listing
    assert "Neschválený" not in listing and "Tajný koncept" not in listing
    assert client.get(catalogue.url + "?q=neschvaleny").content.decode().count("service-card") == 0
    detail = client.get(catalogue.service_url(published), follow=True).content.decode()
    assert "Zveřejněná služba" in detail and "Neschválený" not in detail
    assert client.get(catalogue.url + f"sluzba/{never_published.pk}-tajny-koncept/").status_code == 404
    api = client.get("/api/v3/catalogue/services/").json()
    assert [item["name"] for item in api["items"]] == ["Zveřejněná služba"]
    assert client.get(f"/api/v3/catalogue/services/{never_published.pk}/").status_code == 404

    # Publishing the draft makes it public.
    published.refresh_from_db()
    published.latest_revision.publish()
    assert "Neschválený název" in client.get(catalogue.url).content.decode()


def test_ended_service_is_not_listed(client, catalogue):
    ServiceFactory(name="Ukončená služba", status="defunct")
    ServiceFactory(name="Dočasně uzavřená služba", status="temporarily closed")
    response = client.get(catalogue.url)
    assert names(response) == {"Dočasně uzavřená služba"}
    assert "dočasně uzavřeno" in response.content.decode()


@pytest.fixture
def shelter(catalogue):
    service = ServiceFactory(name="Azylový dům pro matky",
                             service_type=ServiceType.objects.get(code="p57"))
    LocationFactory(service=service, name="Utajené zařízení", address_1="Skrytá 13",
                    city="Tajnov", postal_code="75799", latitude="49.123456",
                    longitude="17.654321", secret_address=True)
    LocationFactory(service=service, name="Poradna", address_1="Veřejná 1", latitude="49.4700",
                    longitude="17.9700")
    ContactFactory(service=service, name="Marie Soukromá", email="soukroma@example.cz",
                   phone="777 999 888", is_public=False)
    ContactFactory(service=service, name="Jana Veřejná")
    return service


SECRETS = ["Skrytá 13", "Tajnov", "75799", "49.123456", "17.654321", "49.12345", "17.65432",
           "Utajené zařízení", "Marie Soukromá", "soukroma@example.cz", "777 999 888",
           "777999888"]


def assert_no_secrets(text):
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, leaked


def test_secret_address_and_private_contact_never_reach_public_output(client, catalogue, shelter):
    urls = [
        catalogue.url, catalogue.url + "?q=azylovy", catalogue.service_url(shelter),
        catalogue.provider_url(shelter.provider), catalogue.url + "tisk/",
        catalogue.url + "mapa/", catalogue.url + "mapa/geojson/",
        "/api/v3/catalogue/services/", f"/api/v3/catalogue/services/{shelter.pk}/",
        f"/api/v3/catalogue/providers/{shelter.provider.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secrets(response.content.decode())
    detail = client.get(catalogue.service_url(shelter)).content.decode()
    assert "Jana Veřejná" in detail and "Veřejná 1" in detail
    assert "nezveřejňujeme" in detail
    api = client.get(f"/api/v3/catalogue/services/{shelter.pk}/").json()
    assert api["has_secret_location"] is True
    assert [location["name"] for location in api["locations"]] == ["Poradna"]
    assert [contact["name"] for contact in api["contacts"]] == ["Jana Veřejná"]
    geojson = client.get(catalogue.url + "mapa/geojson/").json()
    assert [feature["geometry"]["coordinates"] for feature in geojson["features"]] == [
        [17.97, 49.47]]


def test_detail_redirects_to_canonical_slug_and_404s_unknown(client, catalogue, services):
    care = services["care"]
    response = client.get(catalogue.url + f"sluzba/{care.pk}-spatny-slug/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"sluzba/{care.pk}-{care.slug}/")
    assert client.get(catalogue.url + "sluzba/999999-x/").status_code == 404


def test_provider_detail_lists_its_published_services(client, catalogue, services):
    provider = services["care"].provider
    ServiceFactory(provider=provider, name="Koncept poskytovatele", live=False)
    response = client.get(catalogue.provider_url(provider))
    assert names(response) == {"Pečovatelská služba Kelč"}
    assert provider.ico in response.content.decode()


def test_provider_without_published_services_is_not_public(client, catalogue):
    draft = ServiceFactory(live=False)
    assert client.get(catalogue.provider_url(draft.provider)).status_code == 404
    assert client.get(f"/api/v3/catalogue/providers/{draft.provider.pk}/").status_code == 404


def test_print_view_is_stamped_with_date_and_keeps_filters(client, catalogue, services):
    response = client.get(catalogue.url + "tisk/?obec=zasova")
    html = response.content.decode()
    today = timezone.localdate()
    assert f"Stav k {today.day}. {today.month}. {today.year}" in html
    assert "catalogue-print.css" in html
    soup = BeautifulSoup(html, "html.parser")
    assert {h.get_text(strip=True) for h in soup.select(".print-service > h2")} == {
        services["home"].name, services["family"].name}


def test_map_lists_places_without_javascript_and_feeds_geojson(client, catalogue, services):
    LocationFactory(service=services["care"], address_1="Náměstí 5", city="Kelč")
    response = client.get(catalogue.url + "mapa/?obec=kelc")
    html = response.content.decode()
    assert "Náměstí 5" in html
    assert "vendor/leaflet/leaflet.js" in html
    soup = BeautifulSoup(html, "html.parser")
    assert "obec=kelc" in soup.select_one("#catalogue-map")["data-geojson"]
    geojson = client.get(catalogue.url + "mapa/geojson/?obec=zasova")
    assert geojson["Content-Type"] == "application/geo+json"
    assert geojson.json()["features"] == []
    features = client.get(catalogue.url + "mapa/geojson/?obec=kelc").json()["features"]
    assert [feature["properties"]["name"] for feature in features] == [services["care"].name]


def test_tile_url_comes_from_setting(client, catalogue, settings):
    settings.KP_CATALOGUE_MAP_TILE_URL = "https://tiles.example.cz/{z}/{x}/{y}.png"
    html = client.get(catalogue.url + "mapa/").content.decode()
    assert 'data-tiles="https://tiles.example.cz/{z}/{x}/{y}.png"' in html


def test_free_capacity_date_is_shown(client, catalogue, services):
    html = client.get(catalogue.service_url(services["care"])).content.decode()
    assert "volno 4 (k 1. 10. 2026)" in html
