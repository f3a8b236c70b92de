"""The printed brochure: the right services in a readable, tagged A4 PDF, cached publicly."""

import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from kp_catalogue.models import Contact, Location, ServiceType
from tests.factories.catalogue import ServiceFactory

pytestmark = pytest.mark.django_db


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def services():
    care = [ServiceFactory(name=f"Pečovatelská služba Žďárek {n}") for n in range(3)]
    home = ServiceFactory(name="Domov pro seniory Kelč",
                          service_type=ServiceType.objects.get(code="13"))
    counselling = ServiceFactory(name="Poradna Úsměv",
                                 service_type=ServiceType.objects.get(code="p37"))
    Location.objects.create(service=care[0], name="Azyl", address_1="Tajná 13", secret_address=True)
    Contact.objects.create(service=care[0], name="Skrytá Osoba", is_public=False)
    Contact.objects.create(service=care[0], name="Jana Veřejná", phone="571 000 111")
    ServiceFactory(name="Koncept Neveřejný", live=False)
    return care + [home, counselling]


def test_public_brochure_has_every_filtered_service(client, catalogue, services):
    response = client.get(catalogue.url + "brozura/")
    assert response["Content-Type"] == "application/pdf"
    reader, text = pdf_text(response.getvalue())
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    assert "Počet služeb: 5" in text
    for service in services:
        assert text.count(service.name) >= 2, service.name  # contents + its block
    assert "Koncept Neveřejný" not in text
    assert "Tajná" not in text and "Skrytá Osoba" not in text and "Jana Veřejná" in text
    assert f"/sluzba/{services[0].pk}-" in text  # the URL under the QR code
    assert "Sociální poradenství" in text or "poradenství" in text
    # Tagged, with embedded fonts.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    fonts = [font.get_object() for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts and all("KPSans" in str(font["/BaseFont"]) for font in fonts)
    descriptor = fonts[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    assert "/FontFile2" in descriptor  # embedded (DejaVu Sans, subset)


def test_filters_apply(client, catalogue, services):
    response = client.get(catalogue.url + "brozura/", {"kategorie": "counselling"})
    _reader, text = pdf_text(response.getvalue())
    assert "Počet služeb: 1" in text and "Poradna Úsměv" in text
    assert "Pečovatelská služba Žďárek" not in text


def test_stored_until_the_catalogue_changes(client, catalogue, services, monkeypatch):
    from kp_catalogue.public import brochure

    renderings = []
    real_render = brochure.render_pdf
    monkeypatch.setattr(brochure, "render_pdf",
                        lambda html: renderings.append(1) or real_render(html))
    client.get(catalogue.url + "brozura/")
    # Other queries selecting the same services (every provider is a "Charita …") are served
    # from storage, so varying the query string cannot make the server render again.
    for query in ["charita", "Charita", "charita testov"]:
        assert client.get(catalogue.url + "brozura/", {"q": query}).status_code == 200
    assert len(renderings) == 1
    services[3].name = "Domov pro seniory Kelč – nový název"
    services[3].save()
    _reader, text = pdf_text(client.get(catalogue.url + "brozura/").getvalue())
    assert "nový název" in text and len(renderings) == 2
    # Stored in the default storage, streamed, the older version deleted.
    folders = default_storage.listdir("kp_catalogue/brozura")[0]
    assert len(folders) == 1
    assert len(default_storage.listdir(f"kp_catalogue/brozura/{folders[0]}")[1]) == 1
    cache.clear()  # the cache holds nothing the brochure needs
    response = client.get(catalogue.url + "brozura/")
    assert response.streaming and response["ETag"] and len(renderings) == 2
    assert response["Content-Disposition"].startswith("inline;")


def test_no_free_slot_answers_503_in_czech(client, catalogue, services, settings):
    settings.KP_CATALOGUE_RENDER_SLOTS = 1
    cache.add("kp:render-slot:kp_catalogue:0", "busy", 60)
    response = client.get(catalogue.url + "brozura/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Soubor se připravuje" in response.content.decode()
    assert not default_storage.exists("kp_catalogue/brozura")


def test_catalogue_page_links_to_the_brochure(client, catalogue, services):
    html = client.get(catalogue.url, {"kategorie": "care"}).content.decode()
    assert "brozura/?kategorie=care" in html


def test_admin_brochure_needs_the_permission(admin_client, client, django_user_model, services):
    response = admin_client.get(reverse("kp_catalogue_brochure"), {"druh": "13"})
    _reader, text = pdf_text(response.content)
    assert "Počet služeb: 1" in text
    user = django_user_model.objects.create_user(username="x", password="Heslo-pro-testy-1")
    client.force_login(user)
    assert client.get(reverse("kp_catalogue_brochure")).get("Content-Type") != "application/pdf"


def test_new_renderings_have_an_hourly_ceiling_but_the_whole_catalogue_never_waits(
        client, catalogue, services, monkeypatch, settings):
    from kp_catalogue.public import brochure

    settings.KP_CATALOGUE_BROCHURE_RENDERS_PER_HOUR = 1
    renderings = []
    monkeypatch.setattr(brochure, "render_pdf", lambda html: renderings.append(1) or b"%PDF")
    url = catalogue.url + "brozura/"
    assert client.get(url, {"kategorie": "counselling"}).status_code == 200
    refused = client.get(url, {"kategorie": "care"})  # another selection: a new rendering
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "Brožuru teď nelze připravit" in refused.content.decode()
    assert len(renderings) == 1
    # What is cached is still served, and the whole catalogue is always prepared.
    assert client.get(url, {"kategorie": "counselling"}).status_code == 200
    assert client.get(url).status_code == 200
    assert len(renderings) == 2
