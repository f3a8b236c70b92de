"""Register sync: area filter, diff, field ownership, secret addresses, no personal data."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from bench.register_national import national_register
from kp_catalogue.exchange.register import max_register_bytes, sync_register
from kp_catalogue.models import Location, Municipality, Provider, Service, ServiceType
from tests.kp_catalogue.test_import import state

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "data" / "rpss_sample.json"


@pytest.fixture(autouse=True)
def area(settings):
    settings.KP_CATALOGUE_REGISTER_AREA = {"obec": ["999001"]}
    # Fictional register codes of the sample file.
    Municipality.objects.filter(code="valasske-mezirici").update(register_code="999001")
    ServiceType.objects.filter(code="p57").update(code="9057")


def sample(change=None):
    document = json.loads(SAMPLE.read_text())
    if change:
        change(document["polozky"])
    return json.dumps(document).encode()


def test_sync_creates_services_of_the_area_only(admin_user):
    plan = sync_register(SAMPLE.read_bytes(), user=admin_user)
    assert not plan.has_errors, (plan.file_errors, [r.errors for r in plan.rows])
    assert sorted(Service.objects.values_list("identifier", flat=True)) == ["9100001", "9100002"]
    home = Service.objects.get(identifier="9100001")
    assert home.live and home.latest_revision.user == admin_user
    assert sorted(home.target_groups.values_list("code", flat=True)) == ["24", "30"]
    provision = home.provisions.get()
    assert (provision.form.code, provision.unit.code, provision.maximum, provision.non_stop) == (
        "pob", "luzka", 32, True)
    assert (home.email, home.phone, home.url) == (
        "domov@skalka.example.cz", "571000101", "https://skalka.example.cz/")
    location = home.locations.get()
    assert (location.address_1, location.postal_code, location.municipality.code) == (
        "Luční 1200/5", "75701", "valasske-mezirici")
    # The service has no contacts of its own: the provider's are used.
    shelter = Service.objects.get(identifier="9100002")
    assert shelter.email == "info@bezpecny.example.cz"
    assert Provider.objects.get(ico="69900027").name == "Spolek Bezpečný domov, z. s."


def test_secret_address_is_neither_stored_nor_published(admin_user, client, catalogue):
    sync_register(SAMPLE.read_bytes(), user=admin_user)
    shelter = Service.objects.get(identifier="9100002")
    location = shelter.locations.get()
    assert location.secret_address and location.address_1 == "" and location.postal_code == ""
    assert not Location.objects.filter(address_1__contains="Tajná").exists()
    api = client.get(f"/api/v3/catalogue/services/{shelter.pk}/").content.decode()
    assert "Tajná" not in api and shelter.locations.get().name not in api


def test_no_personal_data_is_imported(admin_user):
    sync_register(SAMPLE.read_bytes(), user=admin_user)
    from wagtail.models import Revision

    everything = json.dumps([list(Service.objects.values()), list(Provider.objects.values()),
                             list(Location.objects.values()),
                             list(Revision.objects.values_list("content", flat=True))],
                            default=str)
    for name in ["Statutárníček", "Předsedkyňová", "Vedoucí-Zařízení", "reditel@"]:
        assert name not in everything


def test_local_fields_are_kept_and_register_fields_updated(admin_user):
    sync_register(SAMPLE.read_bytes(), user=admin_user)
    home = Service.objects.get(identifier="9100001")
    home.description, home.name = "Náš vlastní popis.", "Domov Pod Skalkou (místní název)"
    home.save()
    home.tags.add("zahrada")
    home.save()
    provision = home.provisions.get()
    provision.available, provision.available_updated = 3, "2026-11-01"
    provision.save()

    def grow(items):
        items[0]["formy"][0]["kapacity"][0]["pocet"] = 40
        items[0]["telefony"][0]["telefon"] = "571000999"

    dry = sync_register(sample(grow), user=admin_user, dry_run=True)
    row = next(r for r in dry.rows if r.values["identifier"] == "9100001")
    assert row.action == "update" and row.changed == ["Formy a kapacity", "Telefon"]
    assert Service.objects.get(pk=home.pk).phone == "571000101"
    sync_register(sample(grow), user=admin_user)
    home = Service.objects.get(pk=home.pk)
    assert home.phone == "571000999" and home.provisions.get().maximum == 40
    assert home.provisions.get().available == 3
    assert home.description == "Náš vlastní popis."
    assert home.name == "Domov Pod Skalkou (místní název)"
    assert list(home.tags.names()) == ["zahrada"]
    again = sync_register(sample(grow), user=admin_user)
    assert {r.action for r in again.rows} == {"unchanged"}


@pytest.mark.parametrize("change, message", [
    (lambda items: items[0]["poskytovatel"].update(ico="69900018"), "kontrolní"),
    (lambda items: items[1].update(identifikator="9100001"), "opakuje"),
    (lambda items: items[0].update(druhSocialniSluzby={"id": "DruhSocialniSluzby/777"}),
     "neznámý druh"),
])
def test_invalid_items_stop_the_whole_sync(change, message, admin_user):
    before = state()
    plan = sync_register(sample(change), user=admin_user)
    assert plan.has_errors
    assert message in " ".join(e for r in plan.rows for e in r.errors).lower()
    assert state() == before


def test_truncated_or_empty_file_is_refused(admin_user):
    before = state()
    data = SAMPLE.read_bytes()
    assert "úplný" in sync_register(data[: len(data) // 2]).file_errors[0]
    assert sync_register(b'{"polozky": []}').file_errors
    assert state() == before


def test_sharp_drop_needs_force(admin_user):
    sync_register(SAMPLE.read_bytes(), user=admin_user)
    before = state()

    def drop(items):
        del items[0]

    with pytest.raises(CommandError):
        call_command("import_rpss", str(write_tmp(sample(drop))))
    assert state() == before
    plan = sync_register(sample(drop), user=admin_user, force=True)
    assert not plan.has_errors and plan.missing == ["9100001"]
    # The missing service is reported, never deleted.
    assert Service.objects.filter(identifier="9100001").exists()


def write_tmp(data):
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".json", delete=False)  # noqa: SIM115
    handle.write(data)
    handle.close()
    return handle.name


def test_command_dry_run_prints_the_diff(capsys):
    call_command("import_rpss", str(SAMPLE), "--dry-run")
    output = capsys.readouterr().out
    assert "9100001" in output and "9100003" not in output
    assert not Service.objects.exists()


def test_admin_register_upload_previews_then_syncs(admin_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.MEDIA_ROOT = tmp_path
    response = admin_client.post(reverse("kp_catalogue_import"), {
        "kind": "register", "file": SimpleUploadedFile("rpss.json", SAMPLE.read_bytes())})
    html = response.content.decode()
    assert "Domovy pro seniory – Domov Pod Skalkou" in html and "Domov Daleko" not in html
    assert 'id="kp-import-confirm"' in html and not Service.objects.exists()
    admin_client.post(reverse("kp_catalogue_import_confirm"))
    assert sorted(Service.objects.values_list("identifier", flat=True)) == ["9100001", "9100002"]


def test_a_national_size_file_is_accepted_and_the_area_synced(admin_user, settings):
    # 6,700 services with 19,000 facilities, as the whole register: far over the spreadsheet
    # import's 5 MB, well under the register's own limit. Ten services lie in our area.
    data = national_register(services=6700, facilities=19000)
    assert 10 * 1024 * 1024 < len(data) < max_register_bytes()
    plan = sync_register(data, user=admin_user)
    assert not plan.has_errors, (plan.file_errors, [r.errors for r in plan.rows][:3])
    assert Service.objects.count() == 10
    assert Location.objects.filter(service__identifier="2000670").count() == 3
    settings.KP_CATALOGUE_REGISTER_MAX_BYTES = len(data) - 1
    refused = sync_register(data, user=admin_user)
    assert refused.file_errors and "větší" in refused.file_errors[0]
