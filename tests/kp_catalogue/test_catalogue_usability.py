"""Catalogue usability: plain-language filters with the legal terms as secondary text, a
collapsible form with the count, the way back keeping the filters, contacts first on the
detail, Czech plurals of capacity units."""

import pytest
from bs4 import BeautifulSoup

from kp_catalogue.models import CapacityUnit, ServiceProvision
from kp_catalogue.templatetags.kp_catalogue import capacity
from tests.factories.catalogue import LocationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(("code", "count", "expected"), [
    ("klient", 1, "1 klient"), ("klient", 3, "3 klienti"), ("klient", 60, "60 klientů"),
    ("luzka", 1, "1 lůžko"), ("luzka", 2, "2 lůžka"), ("luzka", 22, "22 lůžek"),
    ("kontakt", 400, "400 kontaktů"), ("kontakt", 4, "4 kontakty"),
    ("interv", 5, "5 intervencí"), ("hovor", 2, "2 hovory"), ("hovor", 20, "20 hovorů"),
    ("klient", 20000, "20\xa0000 klientů"),
])
def test_capacity_uses_czech_plural_forms(code, count, expected):
    provision = ServiceProvision(unit=CapacityUnit.objects.get(code=code), maximum=count)
    assert capacity(provision) == expected


def test_an_editors_own_unit_falls_back_to_its_name():
    unit = CapacityUnit.objects.create(code="misto", name="místa")
    assert capacity(ServiceProvision(unit=unit, maximum=7)) == "7 místa"
    assert capacity(ServiceProvision(unit=unit, maximum=None)) == ""


def test_detail_and_brochure_show_capacity_in_czech_plural(client, catalogue):
    service = ServiceFactory(provisions=[{"form": "pob", "unit": "luzka", "maximum": 22}])
    text = client.get(catalogue.service_url(service)).content.decode()
    assert "kapacita 22 lůžek" in text
    from kp_catalogue.public.brochure import brochure_html

    html = brochure_html([service], lambda s: "https://example.cz/", "Katalog")
    assert "22 lůžek" in html


def test_filters_speak_plainly_with_the_legal_terms_as_secondary_text(client, catalogue):
    ServiceFactory()
    page = soup(client.get(catalogue.url))
    label = page.select_one("label[for=f-skupina]")
    assert label.get_text(" ", strip=True) == "Pro koho je pomoc? cílová skupina"
    assert label.small.get_text() == "cílová skupina"
    form_label = page.select_one("label[for=f-forma]")
    assert "forma poskytování" in form_label.small.get_text()
    assert "Přijedou za vámi (terénní)" in page.select_one("#f-forma").get_text()
    # Collapsible on phones, with the count in the summary, and a styled submit.
    details = page.select_one("form.catalogue-filters details")
    assert "Nalezena 1 služba" in details.summary.get_text()
    assert page.select_one("form.catalogue-filters button[type=submit]")["class"] == ["button"]


def test_card_links_carry_the_filters_to_the_detail_and_back(client, catalogue):
    service = ServiceFactory(name="Pečovatelská služba")
    page = soup(client.get(catalogue.url + "?skupina=24&obec=valasske-mezirici"))
    link = page.select_one(".service-card .card__title a")["href"]
    assert link == catalogue.service_url(service) + "?skupina=24&obec=valasske-mezirici"
    detail = soup(client.get(link))
    back = detail.find("a", string="Zpět na katalog")["href"]
    assert back == catalogue.url + "?skupina=24&obec=valasske-mezirici"


def test_detail_shows_phone_email_and_address_before_the_description(client, catalogue):
    service = ServiceFactory(description="Dlouhý popis " * 200, email="sluzba@example.cz")
    LocationFactory(service=service, address_1="Náměstí 1")
    html = client.get(catalogue.service_url(service)).content.decode()
    positions = [html.index(marker) for marker in
                 ["tel:571111222", "mailto:sluzba@example.cz", "Náměstí 1", "Dlouhý popis"]]
    assert positions == sorted(positions)
