"""The page tree of the planning cycle: what may live where."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from kp_plans.models import (
    ActionPlanPage,
    CommunityPlanPage,
    ConferencePage,
    CoveragePage,
    EventIndexPage,
    EventPage,
    NeedsSurveyPage,
    PlanDraftPage,
    PlanningSectionPage,
    ProcessEvaluationPage,
    ServiceNetworkPage,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

pytestmark = pytest.mark.django_db


class TestPlanningTreeRules(WagtailPageTestCase):
    def test_planning_section_holds_the_cycle(self):
        self.assertAllowedSubpageTypes(PlanningSectionPage, {
            CommunityPlanPage, WorkingGroupIndexPage, EventIndexPage, ConferencePage,
            NeedsSurveyPage, CoveragePage, ProcessEvaluationPage,
        })

    def test_plan_holds_drafts_action_plans_and_its_network_only(self):
        self.assertAllowedSubpageTypes(CommunityPlanPage,
                                       {PlanDraftPage, ActionPlanPage, ServiceNetworkPage})
        self.assertAllowedParentPageTypes(CommunityPlanPage, {PlanningSectionPage})
        self.assertAllowedParentPageTypes(PlanDraftPage, {CommunityPlanPage})
        self.assertAllowedParentPageTypes(ActionPlanPage, {CommunityPlanPage})

    def test_leaves_have_no_children(self):
        for leaf in [PlanDraftPage, ActionPlanPage, WorkingGroupPage, EventPage, ConferencePage,
                     NeedsSurveyPage, CoveragePage]:
            self.assertAllowedSubpageTypes(leaf, set())

    def test_groups_and_events_live_under_their_indexes(self):
        self.assertAllowedSubpageTypes(WorkingGroupIndexPage, {WorkingGroupPage})
        self.assertAllowedParentPageTypes(WorkingGroupPage, {WorkingGroupIndexPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage, ConferencePage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedParentPageTypes(ConferencePage, {PlanningSectionPage, EventIndexPage})

    def test_a_draft_cannot_be_created_outside_a_plan(self):
        self.assertCanNotCreateAt(PlanningSectionPage, PlanDraftPage)
        self.assertCanNotCreateAt(WorkingGroupIndexPage, EventPage)
        self.assertCanCreateAt(CommunityPlanPage, PlanDraftPage)


def test_one_working_group_index_per_section(section_page):
    from tests.factories.plans import WorkingGroupIndexPageFactory

    assert WorkingGroupIndexPage.can_create_at(section_page)
    WorkingGroupIndexPageFactory(parent=section_page)
    assert not WorkingGroupIndexPage.can_create_at(section_page)


class TestEveryTypeRenders(WagtailPageTestCase):
    """Wagtail's own helper renders each page type (and the form pages' landing)."""

    @pytest.fixture(autouse=True)
    def _tree(self, tree):
        self.tree = tree

    def test_renderable(self):
        for name, page in self.tree.items():
            with self.subTest(name):
                self.assertPageIsRenderable(page)
