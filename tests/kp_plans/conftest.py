import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.plans import (
    ActionPlanItemFactory,
    ActionPlanPageFactory,
    CommentPlaceFactory,
    CommunityPlanPageFactory,
    ConferenceFormFieldFactory,
    ConferencePageFactory,
    CoveragePageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    GroupMemberFactory,
    MeetingFactory,
    NeedsSurveyPageFactory,
    PlanDraftPageFactory,
    PlanningSectionPageFactory,
    ProcessEvaluationPageFactory,
    ServiceNetworkPageFactory,
    SurveyFormFieldFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    section,
)


@pytest.fixture
def section_page(home_page):
    return PlanningSectionPageFactory(parent=home_page)


@pytest.fixture
def tree(section_page):
    """One page of every type, published, with the private data the public must not see."""
    now = timezone.now()
    groups_index = WorkingGroupIndexPageFactory(parent=section_page)
    group = WorkingGroupPageFactory(parent=groups_index, title="Senioři", slug="seniori",
                                    manager_email="manazerka.tajna@example.cz",
                                    manager_phone="+420 601 999 888")
    GroupMemberFactory(page=group, name="Petr Svoboda", email="petr.tajny@example.cz",
                       phone="+420 777 555 444")
    MeetingFactory(page=group, start=now + dt.timedelta(days=5), agenda="Plán na rok 2013")
    MeetingFactory(page=group, start=now - dt.timedelta(days=40), minutes="Zápis ze schůzky",
                   attendance=12)
    plan = CommunityPlanPageFactory(parent=section_page, slug="plan")
    plan.working_groups.add(group)
    plan.save_revision().publish()
    old = PlanDraftPageFactory(
        parent=plan, slug="navrh-1", version_label="1.0",
        comment_period_start=now - dt.timedelta(days=90),
        comment_period_end=now - dt.timedelta(days=60),
        body=[section("Úvod", "<p>Plán vznikl v roce 2011.</p>"),
              section("Senioři", "<p>Chybí odlehčovací služba.</p>"),
              section("Zrušený oddíl", "<p>Tento oddíl vypadne.</p>")],
    )
    draft = PlanDraftPageFactory(
        parent=plan, slug="navrh-2", version_label="2.0", previous_draft=old,
        changelog="<p>Doplněna kapitola o rodinách.</p>",
        comment_period_start=now - dt.timedelta(days=7),
        comment_period_end=now + dt.timedelta(days=23),
        body=[section("Úvod", "<p>Plán vznikl v roce 2012.</p>"),
              section("Senioři", "<p>Chybí odlehčovací služba.</p>"),
              section("Rodiny", "<p>Nový oddíl o rodinách.</p>")],
    )
    CommentPlaceFactory(page=draft)
    action = ActionPlanPageFactory(parent=plan, slug="akcni-plan-2013", year=2013)
    ActionPlanItemFactory(page=action, measure_code="1.1", status="done")
    ActionPlanItemFactory(page=action, measure_code="1.2", status="in_progress")
    ActionPlanItemFactory(page=action, measure_code="1.3", status="done")
    events = EventIndexPageFactory(parent=section_page)
    event = EventPageFactory(parent=events, slug="den-socialnich-sluzeb")
    EventPageFactory(parent=events, slug="minula", start=now - dt.timedelta(days=100))
    conference = ConferencePageFactory(parent=section_page, slug="konference", capacity=2)
    ConferenceFormFieldFactory(page=conference, label="Jméno", field_type="singleline")
    ConferenceFormFieldFactory(page=conference, label="E-mail", field_type="email")
    survey = NeedsSurveyPageFactory(parent=section_page)
    SurveyFormFieldFactory(page=survey)
    coverage = CoveragePageFactory(parent=section_page, plan=plan)
    network = ServiceNetworkPageFactory(parent=plan)
    evaluation = ProcessEvaluationPageFactory(parent=section_page)
    return {
        "section": section_page, "groups_index": groups_index, "group": group, "plan": plan,
        "old_draft": old, "draft": draft, "action": action, "events": events, "event": event,
        "conference": conference, "survey": survey, "coverage": coverage,
        "network": network, "evaluation": evaluation,
    }
