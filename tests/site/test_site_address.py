"""The Site's public address: set by load_demo and set_site, required by check --deploy, used by
brochure QR codes and e-mail links."""

import pytest
from django.core import checks, mail
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from kp_catalogue.public import brochure
from kpsite.base.sites import parse_site_url
from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.consultation import ConsultedPageFactory
from tests.kp_consultation.helpers import post_api

pytestmark = pytest.mark.django_db

PUBLIC = "https://kpss.example.cz"


def deploy_errors():
    return [m.id for m in checks.run_checks(include_deployment_checks=True)
            if m.id and m.id.startswith("kpsite.")]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://kpss.example.cz", ("kpss.example.cz", 443)),
    ("http://kpss.example.cz/", ("kpss.example.cz", 80)),
    ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
])
def test_parse_site_url(url, expected):
    assert parse_site_url(url) == expected


@pytest.mark.parametrize("url", ["kpss.example.cz", "ftp://x.cz", "https://x.cz/cesta",
                                 "https://x.cz:99999", "https://", "https://x.cz?a=1"])
def test_set_site_refuses_a_bad_address_in_czech(home_page, url):
    with pytest.raises(CommandError, match="Zadejte adresu webu"):
        call_command("set_site", url)


def test_deploy_check_refuses_localhost_until_set_site(home_page, capsys):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    assert deploy_errors() == ["kpsite.E001"]
    call_command("set_site", PUBLIC)
    assert "https://kpss.example.cz" in capsys.readouterr().out
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("kpss.example.cz", 443, PUBLIC)
    assert deploy_errors() == []


def test_load_demo_sets_the_served_address(settings):
    settings.DEBUG = True
    call_command("load_demo", "--site-url", "https://demo.example.cz:8443")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("demo.example.cz", 8443)
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    call_command("load_demo")
    assert Site.objects.get(is_default_site=True).root_url == PUBLIC
    assert Site.objects.count() == 1


def test_brochure_qr_codes_carry_the_public_address(client, home_page, monkeypatch):
    call_command("set_site", PUBLIC)
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    service = ServiceFactory(name="Denní stacionář Kelč")
    service.save_revision().publish()
    encoded = []
    monkeypatch.setattr(brochure, "qr_svg", lambda url: encoded.append(url) or "")
    monkeypatch.setattr(brochure, "render_pdf", lambda html: html.encode())
    html = client.get(catalogue.url + "brozura/").getvalue().decode()
    expected = f"{PUBLIC}/katalog/sluzba/{service.pk}-"
    assert len(encoded) == 1 and encoded[0].startswith(expected), encoded
    assert expected in html and "localhost" not in html


def test_e_mail_links_carry_the_public_address(client, home_page, settings,
                                               django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.KP_CONSULTATION_MIN_FILL_SECONDS = 0
    draft = ConsultedPageFactory(parent=home_page, slug="navrh")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_api(client, draft, text="Připomínka").status_code == 201
    assert len(mail.outbox) == 1
    assert f"{PUBLIC}/admin/" in mail.outbox[0].body
    assert "localhost" not in mail.outbox[0].body
