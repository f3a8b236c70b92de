"""Importing the ČSÚ's long CSV: bands, totals, other areas and sexes left out, refusals with
Czech messages and nothing saved, the admin upload closed to those who may not add figures."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from kp_plans.models import PopulationFigure
from kp_plans.population.importing import import_population

pytestmark = pytest.mark.django_db
SAMPLE = (Path(__file__).parent / "data" / "csu-obyvatele.csv").read_bytes()
HEADER = b'"hodnota","vuzemi_cis","vuzemi_kod","casref_do","vek_txt","pohlavi_kod"\n'


def test_import_reads_total_and_bands_and_leaves_out_the_rest():
    report = import_population(SAMPLE)
    assert (report.created, report.updated) == (2, 0)
    assert report.unknown_codes == ["999999"]
    kelc = PopulationFigure.objects.get(municipality__code="kelc")
    assert (kelc.total, kelc.age_0_14, kelc.age_15_64, kelc.age_65_plus, kelc.age_80_plus) == \
        (1000, 150, 650, 200, 60)
    assert kelc.reference_date == dt.date(2025, 12, 31)
    assert kelc.source == "ČSÚ, Počet obyvatel v obcích" and not kelc.approximate
    branky = PopulationFigure.objects.get(municipality__code="branky")
    assert (branky.total, branky.age_65_plus) == (300, None)
    again = import_population(SAMPLE, source="ČSÚ 2025", approximate=True)
    assert (again.created, again.updated) == (0, 2)
    assert PopulationFigure.objects.filter(approximate=True, source="ČSÚ 2025").count() == 2


@pytest.mark.parametrize(("body", "message"), [
    (b'"a","b"\n"1","2"\n', "sloupce"),
    (HEADER + b'"12x","43","kelc","2025-12-31","",""\n', "počet obyvatel"),
    (HEADER + b'"10","43","kelc","31. 12. 2025","",""\n', "datum"),
    (HEADER + b'"10","43","kelc","2025-12-31","",""\n"11","43","kelc","2025-12-31","",""\n',
     "dvě různá čísla"),
    # The bands do not add up to the total: nothing is saved, not even Branky.
    (HEADER + b'"300","43","branky","2025-12-31","",""\n'
     b'"10","43","kelc","2025-12-31","",""\n"5","43","kelc","2025-12-31","0-14",""\n'
     b'"5","43","kelc","2025-12-31","15-64",""\n"5","43","kelc","2025-12-31","65+",""\n',
     "součet"),
    (HEADER + b'"10","43","jinde","2025-12-31","",""\n', "žádné údaje"),
    (b"\x00\x01binary" * 100, "CSV"),
])
def test_bad_files_are_refused_in_czech_with_nothing_saved(body, message, tmp_path):
    path = tmp_path / "obyvatele.csv"
    path.write_bytes(body)
    with translation.override("cs"), pytest.raises(CommandError) as error:
        call_command("import_population", str(path))
    assert message.lower() in str(error.value).lower()
    assert not PopulationFigure.objects.exists()


def test_row_and_size_limits(settings):
    settings.KP_PLANS_POPULATION_MAX_ROWS = 2
    body = HEADER + b'"10","43","kelc","2025-12-31","",""\n' * 3
    with translation.override("cs"), pytest.raises(Exception, match="více než 2 řádků"):
        import_population(body)
    settings.KP_PLANS_POPULATION_MAX_BYTES = 10
    with translation.override("cs"), pytest.raises(Exception, match="větší než"):
        import_population(body)


def test_admin_upload(admin_client, client, django_user_model):
    url = reverse("kp_plans_population_import")
    assert admin_client.get(reverse("wagtailsnippets_kp_plans_populationfigure:list"))\
        .content.count(url.encode()) == 1
    response = admin_client.post(url, {"file": SimpleUploadedFile("o.csv", SAMPLE)},
                                 HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 302
    assert PopulationFigure.objects.count() == 2
    response = admin_client.post(url, {"file": SimpleUploadedFile("o.csv", b'"a"\n"1"\n')},
                                 HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert "sloupce" in response.content.decode()
    # An editor with admin access but without the right to add figures is refused.
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "x")
    group = Group.objects.create(name="Jen admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    response = client.post(url, {"file": SimpleUploadedFile("o.csv", SAMPLE), "source": "X"})
    # Wagtail answers an admin PermissionDenied by sending the user back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert not PopulationFigure.objects.filter(source="X").exists()
