"""The pages of the planning cycle, one module per page family; this package re-exports every
model so that ``from kp_plans.models import X`` and Django's app loading keep working.

The pages of the planning cycle.

Tree (parent_page_types / subpage_types enforce it)::

    PlanningSectionPage "Komunitní plánování"
    ├── CommunityPlanPage            medium-term plan, priorities → measures
    │   ├── PlanDraftPage            versions open for public comment
    │   └── ActionPlanPage           annual action plans
    │   └── ServiceNetworkPage       the network of services and its co-financing
    │   (+ Indicator snippets keyed to the plan and a measure code)
    ├── WorkingGroupIndexPage
    │   └── WorkingGroupPage
    ├── EventIndexPage
    │   ├── EventPage
    │   └── ConferencePage
    ├── ConferencePage               registration through the form builder
    ├── NeedsSurveyPage              questionnaire through the form builder (results: vysledky/)
    ├── CoveragePage                 supply against need per municipality × target group
    └── ProcessEvaluationPage        anonymous evaluation by the structures' members
"""


from kp_plans.models.action_plans import ActionPlanItem, ActionPlanPage
from kp_plans.models.coverage import CoveragePage
from kp_plans.models.drafts import CommentPlace, PlanDraftPage
from kp_plans.models.evaluation import EvaluationResponse, ProcessEvaluationPage
from kp_plans.models.events import (
    ConferenceFormField,
    ConferencePage,
    EventIndexPage,
    EventPage,
    RegistrationClosed,
)
from kp_plans.models.indicators import Indicator, IndicatorValue
from kp_plans.models.mixins import ICAL_SLUG, ICalMixin
from kp_plans.models.network import (
    NetworkAdoption,
    NetworkService,
    NetworkShareInput,
    ServiceNetworkPage,
)
from kp_plans.models.plan import CommunityPlanPage, PlanAttachment, PlanningSectionPage
from kp_plans.models.population import AgeBand, PopulationFigure
from kp_plans.models.survey import NeedsSurveyPage, SurveyFormField
from kp_plans.models.working_groups import (
    GroupDocument,
    GroupMember,
    Meeting,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

__all__ = [
    "ICAL_SLUG", "ActionPlanItem", "AgeBand", "PopulationFigure", "ActionPlanPage", "CommentPlace",
    "CommunityPlanPage", "CoveragePage",
    "Indicator", "IndicatorValue", "NetworkAdoption", "NetworkService", "NetworkShareInput",
    "ServiceNetworkPage", "EvaluationResponse", "ProcessEvaluationPage",
    "ConferenceFormField", "ConferencePage", "EventIndexPage", "EventPage", "GroupDocument",
    "GroupMember", "ICalMixin", "Meeting", "NeedsSurveyPage", "PlanAttachment", "PlanDraftPage",
    "PlanningSectionPage", "RegistrationClosed", "SurveyFormField", "WorkingGroupIndexPage",
    "WorkingGroupPage",
]
