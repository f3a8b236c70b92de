"""The catalogue part of load_demo: realistic, idempotent, with drafts and a secret address."""

import pytest
from django.core.management import call_command

from kp_catalogue.models import Location, Provider, Service, TargetGroup
from kp_catalogue.models.validators import is_valid_ico

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_realistic_and_idempotent(settings, client, demo_db):
    settings.DEBUG = True
    counts = (Service.objects.count(), Provider.objects.count(), Location.objects.count())
    call_command("load_demo", stdout=None)
    assert (Service.objects.count(), Provider.objects.count(),
            Location.objects.count()) == counts
    live = Service.objects.filter(live=True)
    assert 25 <= live.count() <= 40
    assert Service.objects.filter(live=False).count() >= 2
    assert all(is_valid_ico(provider.ico) for provider in Provider.objects.all())
    assert all(provider.email.endswith(".example.cz") for provider in Provider.objects.all())
    covered = set(live.values_list("target_groups__code", flat=True))
    for code in ["24", "zdravotni-postizeni", "rodiny-deti-mladez", "krize-nouze",
                 "zavislosti"]:
        assert code in covered, TargetGroup.objects.get(code=code)
    assert Location.objects.filter(secret_address=True).count() == 1
    settings.DEBUG = False
    from wagtail.models import Site

    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    page = client.get("/katalog-socialnich-sluzeb/?skupina=24&q=pecovatelska&obec=kelc")
    assert "Pečovatelská služba Kelč" in page.content.decode()
    assert "(adresa utajena)" not in client.get(
        "/katalog-socialnich-sluzeb/mapa/").content.decode()


def test_demo_provider_account_does_only_its_own_work(settings, client, monkeypatch, demo_db):
    import io

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    settings.DEBUG = True
    monkeypatch.setenv("KPSS_DEMO_PROVIDER_PASSWORD", "Jine-demo-heslo-42")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    assert "poskytovatel" in printed and "Jine-demo-heslo-42" in printed
    user = get_user_model().objects.get(username="poskytovatel")
    assert user.check_password("Jine-demo-heslo-42")
    own = user.provider_memberships.get().provider
    assert own.name in printed
    client.force_login(user)
    listing = client.get(reverse("wagtailsnippets_kp_catalogue_service:list")).content.decode()
    other = Service.objects.exclude(provider=own).first()
    assert Service.objects.filter(provider=own).first().name in listing
    assert other.name not in listing
    edit = reverse("wagtailsnippets_kp_catalogue_service:edit", args=[other.pk])
    assert client.get(edit).status_code == 404
    assert client.get("/admin/pages/").status_code == 403
