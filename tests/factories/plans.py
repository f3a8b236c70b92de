import datetime as dt
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from kp_catalogue.models import Municipality
from kp_plans.models import (
    ActionPlanItem,
    ActionPlanPage,
    CommentPlace,
    CommunityPlanPage,
    ConferenceFormField,
    ConferencePage,
    EventIndexPage,
    EventPage,
    GroupMember,
    Indicator,
    IndicatorValue,
    Meeting,
    NeedsSurveyPage,
    PlanDraftPage,
    PlanningSectionPage,
    SurveyFormField,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)


def measure(number, title=None, **extra):
    return {
        "number": number, "title": title or f"Opatření {number}", "description": "Popis opatření.",
        "target_groups": ["seniors"], "responsible": "Svazek obcí", "partners": "Poskytovatelé",
        "funding_sources": "Rozpočty obcí, kraj", "estimated_cost": Decimal("150000.00"),
        "indicators": ["Počet klientů"], "start_year": 2013, "end_year": 2016, **extra,
    }


def priority(number, measures, title=None, kind="group"):
    return ("priority", {"number": number, "kind": kind, "title": title or f"Priorita {number}",
                         "description": "", "measures": measures})


def priorities(count_measures, per_priority=5):
    """Priorities 1..n holding ``count_measures`` measures in total."""
    blocks, number = [], 1
    remaining = count_measures
    while remaining > 0:
        size = min(per_priority, remaining)
        blocks.append(priority(number, [measure(m) for m in range(1, size + 1)]))
        remaining -= size
        number += 1
    return blocks


def section(title, body="<p>Text oddílu.</p>", anchor=""):
    return ("section", {"title": title, "anchor": anchor, "body": body})


class PlanningSectionPageFactory(wagtail_factories.PageFactory):
    title = "Komunitní plánování"
    slug = "komunitni-planovani"

    class Meta:
        model = PlanningSectionPage


class CommunityPlanPageFactory(wagtail_factories.PageFactory):
    title = "Komunitní plán 2012–2016"
    slug = factory.Sequence(lambda n: f"plan-{n}")
    period_start = 2012
    period_end = 2016
    status = "approved"
    approved_by = "Valná hromada svazku obcí"
    approval_date = dt.date(2012, 6, 20)
    resolution_number = "VH/3/2012"
    priorities = factory.LazyFunction(lambda: priorities(5))

    class Meta:
        model = CommunityPlanPage


class PlanDraftPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Návrh plánu {n}")
    version_label = "1.0"
    body = factory.LazyFunction(lambda: [section("Úvod"), section("Senioři")])

    class Meta:
        model = PlanDraftPage


class CommentPlaceFactory(factory.django.DjangoModelFactory):
    name = "Městský úřad Valašské Meziříčí"
    address = "Náměstí 7, Valašské Meziříčí"
    opening_hours = "Po, St 8–17"

    class Meta:
        model = CommentPlace


class ActionPlanPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Akční plán {n}")
    year = 2013

    class Meta:
        model = ActionPlanPage


class ActionPlanItemFactory(factory.django.DjangoModelFactory):
    measure_code = "1.1"
    activities = "Rozšíření pečovatelské služby."
    responsible = "Město"
    budget = Decimal("50000")
    status = "done"

    class Meta:
        model = ActionPlanItem


class IndicatorFactory(factory.django.DjangoModelFactory):
    measure_code = "1.1"
    name = "Počet klientů"
    unit = "klienti"
    baseline_value = Decimal("40")
    baseline_year = 2012
    target_value = Decimal("60")
    target_year = 2016

    class Meta:
        model = Indicator


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    year = 2013
    value = Decimal("45")
    source = "Výroční zpráva poskytovatele"

    class Meta:
        model = IndicatorValue


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Pracovní skupiny"
    slug = "pracovni-skupiny"

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pracovní skupina {n}")
    kind = "working_group"
    target_group = "seniors"
    manager_name = "Jana Nováková"
    manager_email = factory.Sequence(lambda n: f"manazerka{n}@example.cz")
    manager_phone = "+420 601 000 000"
    strengths = "Síť služeb\nSpolupráce obcí"
    weaknesses = "Chybí odlehčovací služba"
    opportunities = "Dotace kraje"
    threats = "Stárnutí populace"

    class Meta:
        model = WorkingGroupPage


class GroupMemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Člen {n}")
    organisation = "Charita"
    triad_role = "provider"
    email = factory.Sequence(lambda n: f"clen{n}@example.cz")
    phone = "+420 777 123 456"

    class Meta:
        model = GroupMember


class MeetingFactory(factory.django.DjangoModelFactory):
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))
    place = "Zasedací místnost MěÚ"
    agenda = "SWOT analýza"

    class Meta:
        model = Meeting


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Akce"
    slug = "akce"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Den sociálních služeb {n}")
    kind = "services_day"
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=20))
    place = "Náměstí"

    class Meta:
        model = EventPage


class ConferencePageFactory(wagtail_factories.PageFactory):
    title = "Odborná konference"
    slug = factory.Sequence(lambda n: f"konference-{n}")
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    end = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30, hours=6))
    venue = "Zámek Žerotínů"
    capacity = 3

    class Meta:
        model = ConferencePage


class ConferenceFormFieldFactory(factory.django.DjangoModelFactory):
    label = "Jméno"
    field_type = "singleline"
    required = True

    class Meta:
        model = ConferenceFormField


class NeedsSurveyPageFactory(wagtail_factories.PageFactory):
    title = "Dotazník potřeb"
    slug = "dotaznik"

    class Meta:
        model = NeedsSurveyPage


class SurveyFormFieldFactory(factory.django.DjangoModelFactory):
    label = "Jakou službu postrádáte?"
    field_type = "multiline"
    required = True

    class Meta:
        model = SurveyFormField


class CoveragePageFactory(wagtail_factories.PageFactory):
    title = "Pokrytí potřeb"
    slug = "pokryti-potreb"

    class Meta:
        model = "kp_plans.CoveragePage"


class PopulationFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "kp_plans.PopulationFigure"

    municipality = factory.LazyFunction(lambda: Municipality.objects.order_by("pk").first())
    reference_date = dt.date(2025, 12, 31)
    source = "ČSÚ, Počet obyvatel v obcích"
    total = 1000
    age_0_14 = 150
    age_15_64 = 650
    age_65_plus = 200
    age_80_plus = 50


class ServiceNetworkPageFactory(wagtail_factories.PageFactory):
    title = "Síť sociálních služeb 2014–2016"
    slug = factory.Sequence(lambda n: f"sit-{n}")
    period_start = 2014
    period_end = 2016

    class Meta:
        model = "kp_plans.ServiceNetworkPage"


class ProcessEvaluationPageFactory(wagtail_factories.PageFactory):
    title = "Hodnocení procesu plánování 2013"
    slug = factory.Sequence(lambda n: f"hodnoceni-{n}")
    year = 2013
    min_group_size = 3

    class Meta:
        model = "kp_plans.ProcessEvaluationPage"
