"""The shortlist "Můj výběr": kept only in the URL, add/remove links without JavaScript, a
printable page and the same tagged PDF with QR codes as the brochure."""

import pytest
from bs4 import BeautifulSoup

from kp_catalogue.public.shortlist import MAX_ITEMS
from tests.factories.catalogue import ContactFactory, LocationFactory, ServiceFactory
from tests.kp_catalogue.queries import assert_constant_queries, counted_get

pytestmark = pytest.mark.django_db

LIST = "muj-vyber/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def four():
    services = []
    for name in ["Osobní asistence", "Pečovatelská služba", "Raná péče", "Tísňová péče"]:
        service = ServiceFactory(name=name)
        LocationFactory(service=service)
        ContactFactory(service=service, email="privatni@example.cz", is_public=False)
        services.append(service)
    return services


def query(services):
    return "?" + "&".join(f"s={service.pk}" for service in services)


def test_add_link_on_a_card_carries_the_filters_and_the_list(client, catalogue, four):
    first, second = four[0], four[1]
    response = client.get(catalogue.url + f"?skupina=24&s={first.pk}")
    page = soup(response)
    card = page.select_one(f"#sluzba-{second.pk}")
    link = card.select_one(".shortlist-toggle a")
    assert "Přidat do mého výběru" in link.get_text()
    assert link["href"] == (f"{catalogue.url}?skupina=24&s={first.pk}&s={second.pk}"
                            f"#sluzba-{second.pk}")
    remove = page.select_one(f"#sluzba-{first.pk} .shortlist-toggle a")
    assert "Odebrat z mého výběru" in remove.get_text()
    assert remove["href"] == f"{catalogue.url}?skupina=24#sluzba-{first.pk}"
    bar = page.select_one(".shortlist-bar a")
    assert bar["href"] == f"{catalogue.url}{LIST}?s={first.pk}"
    # The filter form keeps the list when the filters change.
    assert page.select_one(f"form input[type=hidden][name=s][value='{first.pk}']")


def test_detail_keeps_filters_for_the_way_back_and_toggles_the_list(client, catalogue, four):
    service = four[0]
    url = catalogue.service_url(service) + "?obec=kelc&s=" + str(four[1].pk)
    page = soup(client.get(url))
    back = page.find("a", string="Zpět na katalog")
    assert back["href"] == f"{catalogue.url}?obec=kelc&s={four[1].pk}"
    add = page.select_one(".shortlist-toggle a")["href"]
    assert add.startswith(catalogue.service_url(service) + f"?obec=kelc&s={four[1].pk}"
                          f"&s={service.pk}")


def test_list_page_shows_the_four_in_order_ready_to_print(client, catalogue, four):
    chosen = [four[3], four[0], four[2], four[1]]
    response = client.get(catalogue.url + LIST + query(chosen))
    assert response.status_code == 200
    page = soup(response)
    assert [h.get_text(strip=True) for h in page.select("article.print-service h2")] == [
        s.name for s in chosen]
    assert page.select_one("link[href$='catalogue-print.css']")
    assert "privatni@example.cz" not in response.content.decode()
    pdf = page.find("a", string="Stáhnout PDF")["href"]
    assert pdf == catalogue.url + LIST + "pdf/" + query(chosen)
    # Removing one from the list page keeps the others in their order.
    remove = page.select_one(f"#sluzba-{four[0].pk} .shortlist-toggle a")["href"]
    assert remove.startswith(catalogue.url + LIST + query([four[3], four[2], four[1]]))


def test_list_page_downloads_the_tagged_brochure_with_qr_codes(client, catalogue, four):
    from io import BytesIO

    from pypdf import PdfReader

    chosen = [four[3], four[0], four[2], four[1]]
    response = client.get(catalogue.url + LIST + "pdf/" + query(chosen))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="muj-vyber.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    reader = PdfReader(BytesIO(body))
    text = "".join(page.extract_text() for page in reader.pages)
    for service in chosen:
        assert service.name in text
    assert "Můj výběr sociálních služeb" in text
    assert "privatni@example.cz" not in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    # The same list again is served from storage without rendering.
    again = client.get(catalogue.url + LIST + "pdf/" + query(chosen),
                       HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_invalid_ids_are_ignored_and_unpublished_ones_dropped(client, catalogue, four):
    draft = ServiceFactory(name="Koncept", live=False)
    response = client.get(catalogue.url + LIST + f"?s={four[0].pk}&s=abc&s=-3&s=%C2%B2"
                          f"&s={draft.pk}&s=999999&s={four[0].pk}")
    assert response.status_code == 200
    names = [h.get_text(strip=True) for h in soup(response).select("article.print-service h2")]
    assert names == [four[0].name]


def test_too_long_a_list_is_a_400_in_czech(client, catalogue, four):
    response = client.get(catalogue.url + LIST + "?" + "&".join(
        f"s={n}" for n in range(1, MAX_ITEMS + 2)))
    assert response.status_code == 400
    assert "nejvýše 30" in response.content.decode()
    assert client.get(catalogue.url + "?" + "&".join(
        f"s={n}" for n in range(1, MAX_ITEMS + 2))).status_code == 400


def test_an_empty_list_has_no_pdf(client, catalogue):
    assert client.get(catalogue.url + LIST + "pdf/").status_code == 400
    assert "prázdný" in client.get(catalogue.url + LIST).content.decode()


def test_list_page_runs_constant_queries(client, catalogue):
    services = []

    def build(count):
        for _number in range(count):
            service = ServiceFactory()
            LocationFactory(service=service)
            services.append(service)

    def measure():
        count, response = counted_get(client, catalogue.url + LIST + query(services[:MAX_ITEMS]))
        return count, len(soup(response).select("article"))

    assert_constant_queries(build, measure, 5, MAX_ITEMS)
