"""Hours, accessibility and languages in public: the detail page (open now in Prague time, the
week table), the filters on the page and in the API (constant queries), the read API and the
HSDS export validated against the HSDS 3.1 schemas."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_catalogue.api.hsds import make_id
from kp_catalogue.models import AccessibilityFeature, Language
from kp_catalogue.models.hours import parse_exceptions, parse_weekly
from tests.factories.catalogue import LocationFactory, ServiceFactory
from tests.kp_catalogue.test_hsds import assert_valid

pytestmark = pytest.mark.django_db
PRAGUE = ZoneInfo("Europe/Prague")


def make_service(name, hours="", features=(), languages=(), secret=False, exceptions=""):
    service = ServiceFactory(name=name)
    location = LocationFactory(service=service, name=f"Místo {name}",
                               opening_hours=parse_weekly(hours),
                               hours_exceptions=parse_exceptions(exceptions),
                               secret_address=secret)
    location.accessibility_features.set(AccessibilityFeature.objects.filter(code__in=features))
    location.save()
    service.spoken_languages.set(Language.objects.filter(code__in=languages))
    service.save()
    return service


@pytest.fixture
def services():
    return {
        "saturday": make_service("Sobotní poradna", "Po–Pá 8–16; So 9–12",
                                 [AccessibilityFeature.BARRIER_FREE, "vytah"], ["cs", "uk"],
                                 exceptions="24. 12. 2099 zavřeno – Štědrý den"),
        "weekdays": make_service("Všední centrum", "Po–Pá 8–16", ["indukcni-smycka"], ["cs"]),
        "secret": make_service("Azylový dům", "So 0:00–24:00", [AccessibilityFeature.BARRIER_FREE],
                               ["uk"], secret=True),
        "plain": make_service("Bez údajů"),
    }


def card_names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {h.get_text(strip=True) for h in soup.select(".service-card .card__title")}


@pytest.mark.parametrize("query, expected", [
    ("otevreno=so", {"Sobotní poradna", "Azylový dům"}),
    ("otevreno=Út", {"Sobotní poradna", "Všední centrum"}),
    ("otevreno=ne", set()),
    ("pristup=bezbarierovy-vstup", {"Sobotní poradna", "Azylový dům"}),
    ("jazyk=uk", {"Sobotní poradna", "Azylový dům"}),
    ("pristup=bezbarierovy-vstup&otevreno=so&jazyk=uk", {"Sobotní poradna", "Azylový dům"}),
    ("pristup=indukcni-smycka&otevreno=so", set()),
    ("otevreno=xx", {"Sobotní poradna", "Všední centrum", "Azylový dům", "Bez údajů"}),
    ("jazyk=neznamy", set()),
])
def test_public_filters(client, catalogue, services, query, expected):
    response = client.get(f"{catalogue.url}?{query}")
    assert response.status_code == 200
    assert card_names(response) == expected


def test_filter_form_keeps_its_state(client, catalogue, services):
    html = client.get(f"{catalogue.url}?otevreno=so&pristup=vytah&jazyk=uk").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one('#f-otevreno option[selected]')["value"] == "so"
    assert soup.select_one('#f-pristup option[selected]')["value"] == "vytah"
    assert soup.select_one('#f-jazyk option[selected]')["value"] == "uk"
    assert soup.select_one('label[for="f-jazyk"]').get_text(strip=True) == "Mluví"


def test_detail_shows_open_now_week_and_features(client, catalogue, services, monkeypatch):
    service = services["saturday"]
    url = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    saturday_morning = dt.datetime(2026, 11, 28, 10, 30, tzinfo=PRAGUE)
    monkeypatch.setattr("django.utils.timezone.now", lambda: saturday_morning)
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    state = soup.select_one(".kp-open-state").get_text(" ", strip=True)
    assert state.startswith("Otevřeno nyní") and "28. 11. 2026 10:30" in state
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in soup.select(".kp-week tr")]
    assert rows[0] == ["Pondělí", "8:00–16:00"] and rows[5] == ["Sobota", "9:00–12:00"]
    assert rows[6] == ["Neděle", "zavřeno"]
    assert "bezbariérový vstup" in soup.select_one(".kp-accessibility").get_text()
    assert "ukrajinština" in soup.select_one(".kp-languages").get_text()
    sunday = dt.datetime(2026, 11, 29, 10, 30, tzinfo=PRAGUE)
    monkeypatch.setattr("django.utils.timezone.now", lambda: sunday)
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.select_one(".kp-open-state").get_text(" ", strip=True).startswith("Zavřeno nyní")
    # Late on Saturday in UTC is already Sunday in Prague: the state follows Prague.
    monkeypatch.setattr("django.utils.timezone.now",
                        lambda: dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.UTC))
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert "29. 11. 2026 0:30" in soup.select_one(".kp-open-state").get_text(" ", strip=True)


def test_secret_location_hours_are_not_shown(client, catalogue, services):
    service = services["secret"]
    url = catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug])
    html = client.get(url).content.decode()
    assert "Místo Azylový dům" not in html and "kp-week" not in html


def test_read_api_filters_and_detail(client, services):
    def names(**params):
        data = client.get("/api/v3/catalogue/services/", params).json()
        return {item["name"] for item in data["items"]}

    assert names(open_day="so", accessibility=AccessibilityFeature.BARRIER_FREE,
                 language="uk") == {"Sobotní poradna", "Azylový dům"}
    assert names(open_day="ne") == set()
    bad = client.get("/api/v3/catalogue/services/", {"open_day": "sobota"})
    assert bad.status_code == 422
    detail = client.get(f"/api/v3/catalogue/services/{services['saturday'].pk}/").json()
    location = detail["locations"][0]
    assert location["opening_hours_text"] == "Po–Pá 8:00–16:00; So 9:00–12:00"
    assert location["opening_hours"][-1] == {"weekday": 6, "opens": "09:00", "closes": "12:00"}
    assert location["hours_exceptions"][0]["closed"] is True
    assert {f["code"] for f in location["accessibility_features"]} == {"bezbarierovy-vstup", "vytah"}
    assert {item["code"] for item in detail["spoken_languages"]} == {"cs", "uk"}
    secret = client.get(f"/api/v3/catalogue/services/{services['secret'].pk}/").json()
    assert secret["locations"] == [] and secret["has_secret_location"] is True
    codes = client.get("/api/v3/catalogue/taxonomies/").json()
    assert "cse" in {item["code"] for item in codes["languages"]}
    document = client.get("/api/v3/openapi.json").json()
    assert {"OpeningHoursOut", "HoursExceptionOut"} <= set(document["components"]["schemas"])


def test_hsds_carries_schedules_languages_accessibility(client, services):
    service = services["saturday"]
    detail = client.get(f"/api/hsds/services/{make_id('service', service.pk)}").json()
    assert_valid("service", detail)
    assert {(item["code"], item["name"]) for item in detail["languages"]} == {
        ("cs", "čeština"), ("uk", "ukrajinština")}
    location = detail["service_at_locations"][0]["location"]
    weekly = [s for s in location["schedules"] if s.get("freq") == "WEEKLY"]
    assert {(s["byday"], s["opens_at"], s["closes_at"]) for s in weekly} == {
        ("MO,TU,WE,TH,FR", "08:00", "16:00"), ("SA", "09:00", "12:00")}
    closed = [s for s in location["schedules"] if s.get("valid_from") == "2099-12-24"]
    assert closed and closed[0]["description"].startswith("Zavřeno")
    assert {a["description"] for a in location["accessibility"]} >= {"bezbariérový vstup", "výtah"}
    ids = [s["id"] for s in location["schedules"]] + [a["id"] for a in location["accessibility"]]
    assert len(ids) == len(set(ids))
    listing = client.get("/api/hsds/service_at_locations").json()
    for item in listing["contents"]:
        assert_valid("service_at_location_list", item)
    everything = json.dumps(listing, ensure_ascii=False)
    assert "Místo Azylový dům" not in everything


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_filters_and_outputs_run_constant_queries(client, catalogue, services):
    service = services["saturday"]
    urls = [catalogue.url + "?otevreno=so&pristup=bezbarierovy-vstup&jazyk=uk",
            catalogue.url + catalogue.reverse_subpage("service", args=[service.pk, service.slug]),
            "/api/v3/catalogue/services/?open_day=so&language=uk&accessibility=vytah",
            f"/api/v3/catalogue/services/{service.pk}/",
            "/api/hsds/services", "/api/hsds/service_at_locations"]
    few = [count(client, url) for url in urls]
    for number in range(8):
        make_service(f"Další {number}", "So 8–12", [AccessibilityFeature.BARRIER_FREE, "vytah"],
                     ["uk", "cs"])
        extra = LocationFactory(service=service, opening_hours=parse_weekly("So 8–9"))
        extra.accessibility_features.set(AccessibilityFeature.objects.all()[:3])
    assert [count(client, url) for url in urls] == few
