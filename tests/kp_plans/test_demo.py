"""The demo shows the whole cycle and can be loaded again without duplicating anything."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from kp_consultation.mixins import ConsultationState
from kp_plans.models import (
    ActionPlanPage,
    CommunityPlanPage,
    ConferencePage,
    EventPage,
    GroupMember,
    NeedsSurveyPage,
    PlanDraftPage,
    WorkingGroupPage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_demo_builds_the_cycle_and_is_idempotent(settings, demo):
    pages = Page.objects.count()
    settings.DEBUG = True
    call_command("load_demo")
    assert Page.objects.count() == pages
    groups = WorkingGroupPage.objects.live()
    assert groups.count() == 8
    assert {"management_team", "agreement_group"} <= set(groups.values_list("kind", flat=True))
    assert all(g.swot["strengths"] and g.meetings.count() == 3 for g in groups)
    plan = CommunityPlanPage.objects.get()
    assert (plan.period_start, plan.period_end) == (2012, 2016)
    assert len(plan.measures_by_code) >= 15
    assert plan.working_groups.count() == 6
    states = sorted(d.consultation_state() for d in PlanDraftPage.objects.all())
    # The consultation step (after this one) settles the closed draft's comments.
    assert states == sorted([ConsultationState.OPEN, ConsultationState.SETTLED])
    open_draft = next(d for d in PlanDraftPage.objects.all() if d.accepts_comments())
    assert open_draft.previous_draft is not None
    assert len(open_draft.consultation_manager_emails()) == 6
    # 2013 from the plans' step, 2014 and 2015 from the network step (indicators over years).
    assert sorted(ActionPlanPage.objects.values_list("year", flat=True)) == [2013, 2014, 2015]
    for action in ActionPlanPage.objects.all():
        assert set(i.measure_code for i in action.items.all()) <= set(plan.measures_by_code)
    conference = ConferencePage.objects.get()
    assert conference.start.year == 2012 and conference.start.month == 9
    assert len(conference.programme_slots) == 4
    assert EventPage.objects.filter(kind="services_day").exists()
    # Three questions of the plans' demo and two tagged ones of the coverage demo.
    assert NeedsSurveyPage.objects.get().form_fields.count() == 5


def test_a_visitor_follows_the_cycle_and_sees_no_contacts(client, demo):
    secrets = [m.email.encode() for m in GroupMember.objects.all()] + [
        g.manager_email.encode() for g in WorkingGroupPage.objects.all()]
    for page in Page.objects.live().type(
            CommunityPlanPage, PlanDraftPage, ActionPlanPage, WorkingGroupPage, ConferencePage,
            EventPage, NeedsSurveyPage).specific():
        for url in [page.url, f"/api/v3/pages/{page.pk}/"]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert not any(secret in response.content for secret in secrets), url
    assert client.get("/komunitni-planovani/").status_code == 200
    compare = client.get("/komunitni-planovani/komunitni-plan-2012-2016/navrh-verze-2/porovnani/")
    assert "nový oddíl" in compare.content.decode()
