"""Process evaluation: answers per structure, no group below the minimum shown or computable
from a total, the public form's defences (token, fill time, honeypot, rate limit, closing),
bounded answers."""

import datetime as dt
import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.utils import timezone

from kp_consultation.submission import TOKEN_SALT
from kp_plans.evaluation import results_for
from kp_plans.models import EvaluationResponse, ProcessEvaluationPage
from tests.factories.plans import ProcessEvaluationPageFactory, WorkingGroupPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(tree):
    steering = WorkingGroupPageFactory(parent=tree["groups_index"], title="Řídící skupina",
                                       slug="ridici-skupina")
    page = ProcessEvaluationPageFactory(parent=tree["section"])
    page = ProcessEvaluationPage.objects.get(pk=page.pk)
    page.structures.set([tree["group"], steering])
    page.save_revision().publish()
    return {**tree, "evaluation": page, "steering": steering}


def answer(page, structure, score, n):
    for i in range(n):
        EvaluationResponse.objects.create(page=page, structure=structure, nonce=f"{structure.pk}-{score}-{i}-{time.time()}",
                                          information=score, influence=score, meetings=score,
                                          use=score, overall=score)


def old_token(seconds=60):
    return signing.dumps({"n": f"n{time.time()}", "t": int(time.time()) - seconds}, salt=TOKEN_SALT)


def post(client, page, **extra):
    data = {"structure": extra.pop("structure"), "information": 4, "influence": 3, "meetings": 5,
            "use": 2, "overall": 4, "token": old_token(), **extra}
    return client.post(page.url, data)


def test_results_per_structure_with_means(evaluation):
    page = evaluation["evaluation"]
    answer(page, evaluation["group"], 4, 3)
    answer(page, evaluation["steering"], 2, 4)
    results = results_for(page)
    rows = {row["label"]: row for row in results["rows"]}
    assert rows["Senioři"]["count"] == 3 and rows["Senioři"]["means"][0]["mean"] == 4
    assert rows["Řídící skupina"]["means"][4]["mean"] == 2
    assert results["total"]["count"] == 7
    assert results["total"]["means"][0]["mean"] == round((3 * 4 + 4 * 2) / 7, 1)


def test_a_small_group_is_hidden_and_cannot_be_computed_back_from_the_total(client, evaluation):
    page = evaluation["evaluation"]
    answer(page, evaluation["steering"], 2, 5)
    answer(page, evaluation["group"], 5, 2)  # below the minimum of 3
    results = results_for(page)
    assert [row["label"] for row in results["rows"]] == ["Řídící skupina"]
    assert results["hidden"] == 1
    # The total counts only what is shown: total − shown groups reveals nothing.
    assert results["total"]["count"] == 5 and results["total"]["means"][0]["mean"] == 2
    html = client.get(page.url + "vysledky/").content.decode()
    assert "Senioři" not in html and "5,0" not in html and "5.0" not in html


def test_small_groups_merge_when_together_they_reach_the_minimum(evaluation, section_page):
    page = evaluation["evaluation"]
    third = WorkingGroupPageFactory(parent=evaluation["groups_index"], title="Expertní platforma",
                                    slug="platforma")
    page.structures.add(third)
    answer(page, evaluation["group"], 5, 2)
    answer(page, third, 3, 2)
    results = results_for(page)
    assert [(row["label"], row["count"]) for row in results["rows"]] == \
        [("Ostatní struktury (sloučeno)", 4)]
    assert results["rows"][0]["means"][0]["mean"] == 4


def test_results_page_has_chart_and_table(client, evaluation):
    page = evaluation["evaluation"]
    answer(page, evaluation["group"], 4, 3)
    html = BeautifulSoup(client.get(page.url + "vysledky/").content, "html.parser")
    chart = html.select_one("svg.chart")
    assert chart["role"] == "img" and "4,0" in chart.find("desc").get_text()
    assert html.select_one("table tbody tr td").get_text() == "4,0"


def test_an_answer_is_stored_once_and_redirects(client, evaluation):
    page = evaluation["evaluation"]
    token = old_token()
    for _ in range(2):
        response = post(client, page, structure=evaluation["group"].pk, token=token)
        assert response.status_code == 302
    assert EvaluationResponse.objects.filter(page=page).count() == 1
    assert "anonymně" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("change,status", [
    ({"information": 9}, 400), ({"overall": "x"}, 400), ({"structure": 999999}, 400),
    ({"token": "falešný"}, 400), ({"website": "http://spam.example"}, 400),
])
def test_bad_input_is_refused_in_czech(client, evaluation, change, status):
    page = evaluation["evaluation"]
    data = {"structure": evaluation["group"].pk, **change}
    response = post(client, page, **data)
    assert response.status_code == status
    assert EvaluationResponse.objects.count() == 0
    assert "Formulář obsahuje chyby" in response.content.decode()


def test_a_structure_not_evaluated_by_this_page_is_refused(client, evaluation):
    other = WorkingGroupPageFactory(parent=evaluation["groups_index"], slug="jina")
    assert post(client, evaluation["evaluation"], structure=other.pk).status_code == 400


def test_sent_too_fast_is_refused(client, evaluation):
    response = post(client, evaluation["evaluation"], structure=evaluation["group"].pk,
                    token=old_token(0))
    assert response.status_code == 400 and "příliš rychle" in response.content.decode()


def test_closed_questionnaire_refuses_answers(client, evaluation):
    page = evaluation["evaluation"]
    ProcessEvaluationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - dt.timedelta(days=1))
    assert post(client, page, structure=evaluation["group"].pk).status_code == 403
    assert EvaluationResponse.objects.count() == 0


def test_one_address_is_rate_limited(client, evaluation, settings):
    settings.KP_PLANS_FORM_RATE_LIMIT = 2
    statuses = [post(client, evaluation["evaluation"], structure=evaluation["group"].pk).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
