"""The demo's coverage story: approximate population, gaps for people with disabilities in
the small villages, measure 3.1 aimed at them and reachable from the gap, tagged answers."""

import pytest
from django.core.management import call_command

from kp_plans.models import CoveragePage, NeedsSurveyPage, PopulationFigure

pytestmark = pytest.mark.django_db


def test_demo_coverage_story(settings, client, demo_db):
    settings.DEBUG = True
    call_command("load_demo")  # a second run adds nothing
    settings.DEBUG = False
    assert PopulationFigure.objects.count() == 20
    assert not PopulationFigure.objects.filter(approximate=False).exists()
    page = CoveragePage.objects.live().get()
    data = client.get(f"/api/v3/coverage/{page.pk}/?skupina=disabled").json()
    gaps = [cell for cell in data["cells"] if cell["gap"]]
    assert 3 <= len(gaps) < 20
    assert all(cell["measures"][0]["code"] == "3.1" for cell in gaps)
    assert "Valašské Meziříčí" not in {cell["municipality"] for cell in gaps}
    html = client.get(page.url + "?skupina=disabled").content.decode()
    assert "#opatreni-3-1" in html and "<polygon" in html
    survey = NeedsSurveyPage.objects.live().get()
    assert survey.form_fields.filter(target_group="disabled").exists()
    assert client.get(survey.results_url).status_code == 200
    assert survey.get_submission_class().objects.filter(page=survey).count() == 38
