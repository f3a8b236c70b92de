"""Survey results: tagged questions count per municipality, and no small village's answers can
be read off the page, its table or the coverage (adversarial)."""

import pytest
from wagtail.contrib.forms.models import FormSubmission

from kp_catalogue.models import Municipality
from kp_plans.survey_results import answers_by_municipality, survey_results
from tests.factories.plans import (
    NeedsSurveyPageFactory,
    PlanningSectionPageFactory,
    SurveyFormFieldFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(home_page):
    section = PlanningSectionPageFactory(parent=home_page)
    page = NeedsSurveyPageFactory(parent=section)
    SurveyFormFieldFactory(page=page, label="Obec", field_type="dropdown",
                           choices="Kelč\nBranky\nJarcová", dimension="municipality")
    SurveyFormFieldFactory(page=page, label="Potřebujete pomoc s péčí o seniora?",
                           field_type="dropdown", choices="ano\nne", target_group="seniors")
    SurveyFormFieldFactory(page=page, label="Potřebujete osobní asistenci?",
                           field_type="checkbox", required=False, target_group="disabled")
    return page


def answer(page, town, senior, disabled, times=1):
    for _ in range(times):
        FormSubmission.objects.create(page=page, form_data={
            "obec": town, "potrebujete_pomoc_s_peci_o_seniora": senior,
            "potrebujete_osobni_asistenci": disabled})


def test_counts_per_municipality_and_small_ones_merged(survey):
    answer(survey, "Kelč", "ano", False, times=6)
    answer(survey, "Kelč", "ne", True, times=2)
    answer(survey, "Branky", "ano", True, times=3)  # 3 < 5: merged into "ostatní"
    answer(survey, "Jarcová", "ano", True, times=2)  # with Branky: 5, shown as "ostatní"
    results = survey_results(survey)
    assert results.respondents == 13 and not results.suppressed
    assert [(g.label, g.respondents) for g in results.groups] == [("Kelč", 8),
                                                                 ("ostatní obce", 5)]
    kelc, other = results.groups
    assert kelc.needs["seniors"].value == 6
    assert kelc.needs["disabled"].suppressed and kelc.needs["disabled"].value is None  # 2
    assert other.needs["seniors"].value == 5 and other.needs["disabled"].value == 5
    assert [(value, count.value) for value, _label, count in results.totals] == [
        ("seniors", 11), ("disabled", 7)]
    answers = answers_by_municipality([survey])
    kelc_id = Municipality.objects.get(code="kelc").pk
    assert answers[(kelc_id, "seniors")].value == 6
    assert answers[(kelc_id, "disabled")].suppressed
    branky_id = Municipality.objects.get(code="branky").pk
    assert (branky_id, "seniors") not in answers  # a merged village has no figure of its own


def test_a_lone_small_other_group_takes_the_smallest_municipality(survey):
    answer(survey, "Kelč", "ano", False, times=7)
    answer(survey, "Branky", "ano", False, times=5)
    answer(survey, "Jarcová", "ano", True, times=1)  # alone it would be "total minus shown"
    results = survey_results(survey)
    assert [(g.label, g.respondents) for g in results.groups] == [("Kelč", 7),
                                                                 ("ostatní obce", 6)]


def test_page_never_shows_a_village_of_one(client, survey):
    answer(survey, "Kelč", "ano", False, times=6)
    answer(survey, "Jarcová", "ano", True)  # the only person from Jarcová
    response = client.get(survey.results_url, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jarcová" not in html.split("<main", 1)[-1].split("</main>")[0]
    # Seven in all; the Jarcová person is the only one needing assistance: never a "1".
    table = html.split("<table", 1)[1].split("</table>")[0]
    assert "<td>1</td>" not in table and "méně než 5" in table
    assert "<svg" in html and "<table" in html


def test_too_few_answers_show_nothing(client, survey):
    answer(survey, "Kelč", "ano", True, times=4)
    html = client.get(survey.results_url, HTTP_ACCEPT_LANGUAGE="cs").content.decode()
    assert "<table" not in html and "alespoň 5" in html


def test_minimum_is_a_setting(survey, settings):
    settings.KP_PLANS_SURVEY_MIN_GROUP = 2
    answer(survey, "Branky", "ano", True, times=2)
    assert [g.label for g in survey_results(survey).groups] == ["Branky"]


def test_coverage_narrowed_to_a_service_counts_only_the_questions_about_it(survey):
    from kp_catalogue.models import ServiceType

    respite, assistance = (ServiceType.objects.get(code="p44"),
                           ServiceType.objects.get(code="p39"))
    SurveyFormFieldFactory(page=survey, label="Postrádáte odlehčovací službu?",
                           field_type="dropdown", choices="ano\nne", target_group="seniors",
                           service_type=respite)
    for _number in range(6):
        FormSubmission.objects.create(page=survey, form_data={
            "obec": "Kelč", "potrebujete_pomoc_s_peci_o_seniora": "ano",
            "postradate_odlehcovaci_sluzbu": "ne"})
    for _number in range(5):
        FormSubmission.objects.create(page=survey, form_data={
            "obec": "Kelč", "potrebujete_pomoc_s_peci_o_seniora": "ne",
            "postradate_odlehcovaci_sluzbu": "ano"})
    kelc = Municipality.objects.get(code="kelc").pk
    # Every tagged question counts for the whole coverage: 6 + 5 seniors in need.
    assert answers_by_municipality([survey])[(kelc, "seniors")].value == 11
    # Narrowed to respite care, only the question about it: 5.
    assert answers_by_municipality([survey], respite)[(kelc, "seniors")].value == 5
    # A service no question asks about has no survey figure at all.
    assert answers_by_municipality([survey], assistance) == {}
    assert survey_results(survey, assistance).tagged == []
