"""The network of services and its co-financing: split keys computed by hand, whole-crown
rounding that adds up, the adopted snapshot that later edits cannot change, exports escaped
against formulas, bad input answered with 404, and constant queries for 5 and 50 services."""

import csv
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from kp_catalogue.models import Municipality
from kp_plans.models import NetworkAdoption, NetworkService, NetworkShareInput, ServiceNetworkPage
from kp_plans.network.data import compute
from kp_plans.network.split import split_cost
from tests.factories.catalogue import ServiceFactory
from tests.factories.plans import PopulationFigureFactory, ServiceNetworkPageFactory

pytestmark = pytest.mark.django_db


def test_split_in_proportion_to_weights_by_hand():
    # 100 000 by 1 000 : 3 000 : 6 000 inhabitants -> 10 000, 30 000, 60 000.
    assert split_cost(Decimal("100000"), {"a": 1000, "b": 3000, "c": 6000}) == \
        {"a": 10000, "b": 30000, "c": 60000}


def test_rounding_gives_whole_crowns_that_sum_exactly():
    # 100 000 / 3 = 33 333.33 each; the remaining crown goes to the first key in order.
    parts = split_cost(Decimal("100000"), {"a": 1, "b": 1, "c": 1})
    assert parts == {"a": 33334, "b": 33333, "c": 33333}
    # 1 000 by 1 : 1 : 1 : 4 -> exact 142.857, 142.857, 142.857, 571.43: floors 142×3 + 571 =
    # 997; the three remainders .857 take the three crowns left.
    parts = split_cost(Decimal("1000"), {"a": 1, "b": 1, "c": 1, "d": 4})
    assert parts == {"a": 143, "b": 143, "c": 143, "d": 571}
    assert sum(parts.values()) == 1000


@pytest.mark.parametrize("cost", ["0", "1", "99999.49", "1234567", "7"])
def test_parts_always_add_up_to_the_cost(cost):
    weights = {n: n * 37 % 101 + 1 for n in range(20)}
    parts = split_cost(Decimal(cost), weights)
    assert sum(parts.values()) == round(Decimal(cost))
    assert all(part >= 0 for part in parts.values())


def test_zero_weights_split_nothing_and_negative_weights_are_refused():
    assert split_cost(Decimal(100), {"a": 0, "b": 0}) == {}
    assert split_cost(Decimal(100), {"a": 0, "b": 5}) == {"a": 0, "b": 100}
    with pytest.raises(ValueError):
        split_cost(Decimal(100), {"a": -1, "b": 5})


def towns(*codes):
    return [Municipality.objects.get(code=code) for code in codes]


@pytest.fixture
def network(tree):
    """Three services, one per key, among Valašské Meziříčí, Kelč and Branky."""
    vm, kelc, branky = towns("valasske-mezirici", "kelc", "branky")
    for town, total in [(vm, 22000), (kelc, 2800), (branky, 1200)]:
        PopulationFigureFactory(municipality=town, total=total, age_0_14=None, age_15_64=None,
                                age_65_plus=None, age_80_plus=None)
    care = ServiceFactory(name="Pečovatelská služba")
    respite = ServiceFactory(name="=Odlehčovací služba")  # a name that looks like a formula
    shelter = ServiceFactory(name="Azylový dům")
    page = ServiceNetworkPageFactory(parent=tree["plan"], slug="sit")
    page = ServiceNetworkPage.objects.get(pk=page.pk)
    entries = [
        NetworkService(service=care, capacity=120, measure_code="1.1",
                       annual_cost=Decimal("260000"), split_key="population"),
        NetworkService(service=respite, capacity=8, annual_cost=Decimal("100000"), split_key="use"),
        NetworkService(service=shelter, capacity=20, annual_cost=Decimal("90000"), split_key="fixed"),
    ]
    entries[0].municipalities = [vm, kelc, branky]
    for entry in entries:
        page.network_services.add(entry)
    page.share_inputs.add(NetworkShareInput(service=respite, municipality=vm, number=6))
    page.share_inputs.add(NetworkShareInput(service=respite, municipality=kelc, number=2))
    page.share_inputs.add(NetworkShareInput(service=shelter, municipality=vm, number=50))
    page.share_inputs.add(NetworkShareInput(service=shelter, municipality=kelc, number=25))
    page.share_inputs.add(NetworkShareInput(service=shelter, municipality=branky, number=25))
    page.save_revision().publish()
    page = ServiceNetworkPage.objects.get(pk=page.pk)
    return {**tree, "network": page, "care": care, "respite": respite, "shelter": shelter}


def amounts(data):
    return {town["code"]: (town["yearly"], town["total"]) for town in data["municipalities"]}


def test_each_key_splits_as_computed_by_hand(network):
    data = compute(network["network"])
    care, respite, shelter = data["services"]
    # Population 22 000 : 2 800 : 1 200 of 26 000 -> 220 000, 28 000, 12 000.
    assert [(row["municipality"], row["amount"]) for row in care["shares"]] == [
        ("valasske-mezirici", 220000), ("kelc", 28000), ("branky", 12000)]
    # Declared use 6 : 2 clients -> 75 000, 25 000.
    assert [row["amount"] for row in respite["shares"]] == [75000, 25000]
    # Fixed parts 50 : 25 : 25 -> 45 000, 22 500, 22 500.
    assert [row["amount"] for row in shelter["shares"]] == [45000, 22500, 22500]
    # Per year and for the three years 2014–2016.
    assert amounts(data) == {"valasske-mezirici": (340000, 1020000), "kelc": (75500, 226500),
                             "branky": (34500, 103500)}
    assert data["annual_total"] == 450000 == sum(y for y, _t in amounts(data).values())


def test_missing_population_is_reported_not_guessed(network):
    page = network["network"]
    entry = page.network_services.get(service=network["care"])
    entry.municipalities.add(Municipality.objects.get(code="lhota"))
    entry.save()
    care = compute(page)["services"][0]
    assert care["missing_population"] == ["Lhota"]
    assert sum(row["amount"] for row in care["shares"]) == 260000


def test_public_page_lists_services_and_municipalities(client, network):
    response = client.get(network["network"].url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    assert "dosud nepřijata" in html.get_text()
    rows = html.select("section[aria-labelledby=spolufinancovani] tbody tr")
    assert rows[0].th.get_text() == "Valašské Meziříčí"
    assert "340\u00a0000\u00a0Kč" in rows[0].get_text()
    assert html.select_one(f"a[href='{network['plan'].url}opatreni/1-1/']")
    assert not html.select("[style]")


def publish_with_resolution(page, number="VH 5/2013"):
    page = ServiceNetworkPage.objects.get(pk=page.pk)
    page.adopted_by = "Valná hromada svazku obcí"
    page.resolution_number = number
    page.save_revision().publish()
    return ServiceNetworkPage.objects.get(pk=page.pk)


def test_editing_after_adoption_does_not_change_the_adopted_statement(client, network):
    page = publish_with_resolution(network["network"])
    assert NetworkAdoption.objects.filter(page=page).count() == 1
    url = page.url + "obec/kelc/"
    before = client.get(url).content.decode()
    assert "75\u00a0500\u00a0Kč" in before
    # The cost doubles and Kelč's population changes after the council decided.
    entry = page.network_services.get(service=network["care"])
    entry.annual_cost = Decimal("520000")
    entry.save()
    PopulationFigureFactory(municipality=Municipality.objects.get(code="kelc"), total=9000,
                            reference_date="2026-12-31", age_0_14=None, age_15_64=None,
                            age_65_plus=None, age_80_plus=None)
    page.save_revision().publish()  # same resolution number: no new adoption
    assert NetworkAdoption.objects.filter(page=page).count() == 1
    after = client.get(url).content.decode()
    assert "75\u00a0500\u00a0Kč" in after
    assert compute(page)["services"][0]["annual_cost"] == "520000"  # the proposal moved on
    book = load_workbook(io.BytesIO(client.get(url + "xlsx/").content))
    assert list(book.active.iter_rows(values_only=True))[-2][-1] == 75500
    # A new resolution adopts the new figures.
    publish_with_resolution(page, "VH 2/2014")
    assert "75\u00a0500\u00a0Kč" not in client.get(url).content.decode()


def test_statement_pdf_is_a_tagged_pdf(client, network):
    response = client.get(network["network"].url + "obec/branky/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "cs"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Výpis spolufinancování pro obec Branky" in text
    assert "34 500 Kč" in text.replace("\u00a0", " ")


def test_exports_escape_formulas(client, network):
    page = network["network"]
    body = client.get(page.url + "export/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Služba"
    names = [row[0] for row in rows[1:]]
    assert "'=Odlehčovací služba" in names
    book = load_workbook(io.BytesIO(client.get(page.url + "export/xlsx/").content))
    cells = [row[0] for row in book.active.iter_rows(values_only=True)]
    assert "'=Odlehčovací služba" in cells


@pytest.mark.parametrize("suffix", ["export/pdf/", "export/x/", "obec/neexistuje/",
                                    "obec/kelc/docx/", "obec/lhota/", "obec/kelc/xlsx/extra/"])
def test_bad_addresses_answer_404(client, network, suffix):
    assert client.get(network["network"].url + suffix).status_code == 404


def test_validation_refuses_unknown_measures_duplicates_and_stray_inputs(network):
    from django.core.exceptions import ValidationError

    page = ServiceNetworkPage.objects.get(pk=network["network"].pk)
    page.network_services.add(NetworkService(service=network["care"], measure_code="9.9",
                                             annual_cost=1))
    page.share_inputs.add(NetworkShareInput(service=ServiceFactory(), number=1,
                                            municipality=towns("kelc")[0]))
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    text = str(error.value)
    assert "9.9" in text and "jen jednou" in text and "není v síti" in text


def build_network(plan, count):
    vm, kelc = towns("valasske-mezirici", "kelc")
    page = ServiceNetworkPageFactory(parent=plan)
    page = ServiceNetworkPage.objects.get(pk=page.pk)
    for n in range(count):
        service = ServiceFactory()
        entry = NetworkService(service=service, annual_cost=Decimal(1000 + n), capacity=n,
                               split_key=["population", "use", "fixed"][n % 3])
        entry.municipalities = [vm, kelc]
        page.network_services.add(entry)
        page.share_inputs.add(NetworkShareInput(service=service, municipality=kelc, number=2))
        page.share_inputs.add(NetworkShareInput(service=service, municipality=vm, number=1))
    page.save_revision().publish()
    return page


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("suffix", ["", "export/csv/", "obec/kelc/"])
def test_network_outputs_run_constant_queries(client, tree, suffix):
    PopulationFigureFactory(municipality=towns("kelc")[0])
    small = build_network(tree["plan"], 5)
    large = build_network(tree["plan"], 50)
    # Warm both: each page's header and breadcrumbs are kept on its first view.
    count_queries(client, small.url + suffix), count_queries(client, large.url + suffix)
    assert count_queries(client, small.url + suffix) == count_queries(client, large.url + suffix)


def test_api_serves_the_adopted_network_with_statements(client, network):
    page = publish_with_resolution(network["network"])
    data = client.get(f"/api/v3/pages/{page.pk}/").json()["public_network"]
    assert data["adopted"] is True and data["resolution_number"] == "VH 5/2013"
    towns = {row["code"]: row for row in data["municipalities"]}
    assert (towns["kelc"]["yearly"], towns["kelc"]["total"]) == (75500, 226500)
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    assert {"NetworkOut", "MunicipalityStatementOut"} <= set(schemas)


def test_sheet_names_accept_any_municipality_name():
    from kp_plans.network.exports import as_xlsx

    book = load_workbook(io.BytesIO(as_xlsx("Obec [A/B]: *?\\ " + "x" * 40, ["a"], [["=1"]])))
    assert book.active.title == "Obec  A B" + " " * 7 + "x" * 15
    assert book.active["A2"].value == "'=1"
