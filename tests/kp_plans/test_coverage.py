"""Coverage against hand-computed numbers on a small fixture, its page, exports and API, and
a constant number of queries for 5 and 500 services."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kp_catalogue.models import (
    CapacityUnit,
    Municipality,
    Service,
    ServiceForm,
    ServiceProvision,
    TargetGroup,
)
from kp_plans.coverage.compute import compute_coverage
from tests.factories.catalogue import LocationFactory, ServiceFactory
from tests.factories.plans import (
    CommunityPlanPageFactory,
    PlanningSectionPageFactory,
    PopulationFigureFactory,
    measure,
    priority,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    a, b, c = (Municipality.objects.get(code=code) for code in ("kelc", "branky", "jarcova"))
    PopulationFigureFactory(municipality=a, total=1000, age_0_14=150, age_15_64=650,
                            age_65_plus=200, age_80_plus=40)
    PopulationFigureFactory(municipality=b, total=300, age_0_14=50, age_15_64=150,
                            age_65_plus=100, age_80_plus=20, approximate=True)
    seniors = TargetGroup.objects.get(code="24")
    disabled = TargetGroup.objects.get(code="zdravotni-postizeni")
    # Home care for seniors in A and B: 30 clients, 5 free.
    ServiceFactory(name="Pečovatelská služba", target_groups=[seniors], service_areas=[a, b],
                   provisions=[{"form": "ter", "unit": "klient", "maximum": 30,
                                "available": 5}])
    # A home for seniors standing in A, serving no listed area: 50 beds.
    home = ServiceFactory(name="Domov pro seniory", target_groups=[seniors],
                          service_areas=[a],
                          provisions=[{"form": "pob", "unit": "luzka", "maximum": 50}])
    home.service_areas.clear()
    LocationFactory(service=home, municipality=a)
    # Personal assistance for people with disabilities in A: 10 clients.
    ServiceFactory(name="Osobní asistence", target_groups=[disabled], service_areas=[a],
                   provisions=[{"form": "ter", "unit": "klient", "maximum": 10}])
    # A draft for people with disabilities in B must not close B's gap.
    ServiceFactory(name="Nepublikovaná", target_groups=[disabled], service_areas=[b],
                   live=False)
    return a, b, c


def cells_of(coverage, *municipalities):
    ids = {m.pk for m in municipalities}
    return {(cell.municipality.code, cell.group): cell for cell in coverage.cells
            if cell.municipality.pk in ids}


def test_hand_computed_coverage(area):
    a, b, c = area
    coverage = compute_coverage()
    cells = cells_of(coverage, a, b, c)
    seniors_a = cells[("kelc", "seniors")]
    assert [s.name for s in seniors_a.services] == ["Domov pro seniory", "Pečovatelská služba"]
    assert [(x.unit, x.maximum, x.available, x.per_1000) for x in seniors_a.capacities] == [
        # 30 clients shared by 200 + 100 seniors: 100 per 1,000; 50 beds for 200: 250.
        ("klienti", 30, 5, Decimal("100.0")), ("lůžka", 50, None, Decimal("250.0"))]
    assert (seniors_a.population, seniors_a.band, seniors_a.approximate) == \
        (200, "age_65_plus", False)
    seniors_b = cells[("branky", "seniors")]
    assert [(x.unit, x.maximum, x.per_1000) for x in seniors_b.capacities] == [
        ("klienti", 30, Decimal("100.0"))]
    assert seniors_b.approximate
    disabled_a = cells[("kelc", "disabled")]
    assert [(x.unit, x.maximum, x.per_1000) for x in disabled_a.capacities] == [
        ("klienti", 10, Decimal("10.0"))]
    assert disabled_a.population == 1000
    assert cells[("branky", "disabled")].gap and cells[("jarcova", "seniors")].gap
    assert cells[("jarcova", "seniors")].population is None
    assert not seniors_a.gap and not seniors_b.gap
    # Gaps first, and every gap before every covered cell.
    flags = [cell.gap for cell in coverage.cells]
    assert flags == sorted(flags, reverse=True)
    # A service type narrows the services; a group narrows the rows.
    narrowed = compute_coverage(service_type=seniors_a.services[0].service_type,
                                group="seniors")
    assert {cell.group for cell in narrowed.cells} == {"seniors"}


@pytest.fixture
def coverage_page(home_page, area):
    from kp_plans.models import CoveragePage

    section = PlanningSectionPageFactory(parent=home_page)
    plan = CommunityPlanPageFactory(parent=section, priorities=[priority(2, [measure(
        1, "Osobní asistence v Brankách", target_groups=["disabled"],
        municipalities=[area[1]])])])
    page = CoveragePage(title="Pokrytí potřeb", slug="pokryti", plan=plan)
    section.add_child(instance=page)
    return page


def test_page_lists_gaps_first_and_links_the_measure(client, coverage_page):
    response = client.get(coverage_page.url, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 200
    html = response.content.decode()
    gaps = html.split('id="coverage-gaps"')[1].split("</section>")[0]
    assert 'href="#pokryti-branky-disabled"' in gaps
    assert f'href="{coverage_page.plan.url}#opatreni-2-1"' in gaps
    assert 'href="#pokryti-kelc-seniors"' not in gaps
    assert "250 lůžka" in html and "volných 5" in html


def test_bad_filters_answer_400_in_czech(client, coverage_page):
    response = client.get(coverage_page.url + "?skupina=nic", HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert "Neznámá cílová skupina" in response.content.decode()
    assert client.get(coverage_page.url + "export/csv/?druh=x").status_code == 400
    api = client.get(f"/api/v3/coverage/{coverage_page.pk}/?skupina=nic",
                     HTTP_ACCEPT_LANGUAGE="cs")
    assert api.status_code == 400


def test_exports_escape_formulas(client, coverage_page):
    ServiceFactory(name="=HYPERLINK(\"http://x\")",
                   service_areas=[Municipality.objects.get(code="jarcova")])
    csv = client.get(coverage_page.url + "export/csv/?skupina=seniors")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
    xlsx = client.get(coverage_page.url + "export/xlsx/?skupina=seniors")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert 30 in values or any(isinstance(v, str) and "30 klienti" in v for v in values)


def test_api_matches_the_page_and_is_in_openapi(client, coverage_page):
    data = client.get(f"/api/v3/coverage/{coverage_page.pk}/?skupina=disabled").json()
    cells = {(c["municipality_code"], c["target_group"]): c for c in data["cells"]}
    branky = cells[("branky", "disabled")]
    assert branky["gap"] and branky["measures"][0]["code"] == "2.1"
    kelc = cells[("kelc", "disabled")]
    assert kelc["capacities"] == [{"unit": "klienti", "maximum": 10, "available": None,
                                   "per_1000": "10.0"}]
    assert "@" not in str(data)  # no e-mail of anyone
    schema = client.get("/api/v3/openapi.json").json()
    assert any(p.startswith("/api/v3/coverage/") for p in schema["paths"])
    assert "CoverageCellOut" in schema["components"]["schemas"]


def test_survey_answers_follow_the_service_filter(client, coverage_page):
    from wagtail.contrib.forms.models import FormSubmission

    from kp_catalogue.models import ServiceType
    from tests.factories.plans import NeedsSurveyPageFactory, SurveyFormFieldFactory

    survey = NeedsSurveyPageFactory(parent=coverage_page.get_parent())
    SurveyFormFieldFactory(page=survey, label="Obec", field_type="dropdown",
                           choices="Kelč\nBranky", dimension="municipality")
    SurveyFormFieldFactory(page=survey, label="Potřebujete pomoc?", field_type="dropdown",
                           choices="ano\nne", target_group="seniors")
    SurveyFormFieldFactory(page=survey, label="Postrádáte odlehčovací službu?",
                           field_type="dropdown", choices="ano\nne", target_group="seniors",
                           service_type=ServiceType.objects.get(code="p44"))
    for respite in ["ano"] * 5 + ["ne"] * 3:
        FormSubmission.objects.create(page=survey, form_data={
            "obec": "Kelč", "potrebujete_pomoc": "ano", "postradate_odlehcovaci_sluzbu": respite})

    def kelc_seniors(query):
        data = client.get(f"/api/v3/coverage/{coverage_page.pk}/?skupina=seniors{query}").json()
        [cell] = [c for c in data["cells"] if c["municipality_code"] == "kelc"]
        return cell["survey_answers"]

    assert kelc_seniors("") == 8
    assert kelc_seniors("&druh=p44") == 5
    assert kelc_seniors("&druh=p40") is None


def test_cache_drops_on_population_change(client, coverage_page, settings):
    settings.KP_CATALOGUE_CACHE_SECONDS = 60
    url = f"/api/v3/coverage/{coverage_page.pk}/?skupina=seniors"
    first = client.get(url).json()
    cell = next(c for c in first["cells"] if c["municipality_code"] == "jarcova")
    assert cell["population"] is None
    PopulationFigureFactory(municipality=Municipality.objects.get(code="jarcova"),
                            reference_date=dt.date(2025, 12, 31))
    second = client.get(url).json()
    cell = next(c for c in second["cells"] if c["municipality_code"] == "jarcova")
    assert cell["population"] == 200


def test_constant_queries_for_5_and_500_services(client, coverage_page,
                                                 django_assert_num_queries):
    seniors = TargetGroup.objects.get(code="24")
    towns = list(Municipality.objects.order_by("pk")[:6])
    model = ServiceFactory(name="Vzor", target_groups=[seniors], service_areas=towns[:3])

    def add(first, last):
        # Rows straight into the tables: 495 factory services with revisions take minutes.
        created = Service.objects.bulk_create([
            Service(provider=model.provider, name=f"Služba {n}", service_type=model.service_type,
                    live=True) for n in range(first, last)])
        Service.target_groups.through.objects.bulk_create([
            Service.target_groups.through(service=s, targetgroup=seniors) for s in created])
        Service.service_areas.through.objects.bulk_create([
            Service.service_areas.through(service=s, municipality=town)
            for n, s in enumerate(created) for town in towns[n % 3:n % 3 + 3]])
        ServiceProvision.objects.bulk_create([
            ServiceProvision(service=s, form=ServiceForm.objects.get(code="ter"),
                             unit=CapacityUnit.objects.get(code="klient"), maximum=10)
            for s in created])

    def count_queries():
        with CaptureQueriesContext(connection) as page:
            assert client.get(coverage_page.url).status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get(f"/api/v3/coverage/{coverage_page.pk}/").status_code == 200
        return len(page), len(api)

    add(0, 1)  # with the fixture's three and the model: five live services
    count_queries()  # the first request fills per-process caches (site, content types)
    page_queries, api_queries = count_queries()
    add(1, 496)
    with django_assert_num_queries(page_queries):
        assert client.get(coverage_page.url).status_code == 200
    with django_assert_num_queries(api_queries):
        data = client.get(f"/api/v3/coverage/{coverage_page.pk}/").json()
    branky = [c for c in data["cells"] if c["municipality_code"] == towns[2].code
              and c["target_group"] == "seniors"][0]
    assert len(branky["services"]) == 1 + 1 + 1 + 495  # fixture home care, model, first, rest


def test_only_survey_answers_and_population_drop_the_catalogue_cache(home_page):
    """Coverage shows survey answers and population, so they drop the cached catalogue and
    coverage responses; a conference registration shows in neither and must not."""
    from wagtail.contrib.forms.models import FormSubmission

    from kp_catalogue.caching import version
    from tests.factories.plans import (
        ConferencePageFactory,
        NeedsSurveyPageFactory,
        PopulationFigureFactory,
    )

    survey = NeedsSurveyPageFactory(parent=home_page)
    conference = ConferencePageFactory(parent=home_page)
    before = version()
    registration = FormSubmission.objects.create(page=conference, form_data={"jmeno": "Eva"})
    registration.delete()
    assert version() == before
    answer = FormSubmission.objects.create(page=survey, form_data={"odpoved": "ano"})
    after_answer = version()
    assert after_answer != before
    answer.delete()
    assert version() != after_answer
    after_delete = version()
    PopulationFigureFactory()
    assert version() != after_delete
