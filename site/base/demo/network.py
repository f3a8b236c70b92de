"""Indicators with three years of values, two more action plans, the network of services
2014–2016 with its co-financing split among the microregion's 20 municipalities, adopted by
the general assembly, so that a mayor can download the municipality's statement, and the
process evaluation of 2013 with anonymous answers of the structures' members.

Runs after the plan (and after the population figures, when a step loads them): municipalities
without any population figure get approximate ones here, marked as approximate.
"""

import datetime as dt
from decimal import Decimal

from kp_catalogue.models import CapacityUnit, Municipality, Service
from kp_plans.models import (
    ActionPlanItem,
    ActionPlanPage,
    CommunityPlanPage,
    EvaluationResponse,
    Indicator,
    IndicatorValue,
    NetworkService,
    NetworkShareInput,
    PlanningSectionPage,
    PopulationFigure,
    ProcessEvaluationPage,
    ServiceNetworkPage,
    WorkingGroupPage,
)

from .plans import with_children

# measure, name, unit, baseline (value, year), target (value, year), values 2013–2015, source
INDICATORS = [
    ("1.1", "Počet setkání pracovních skupin za rok", "setkání", ("18", 2012), ("24", 2016),
     ["22", "24", "23"], "Zápisy ze setkání, koordinátor KP"),
    ("1.2", "Podíl služeb aktualizovaných v katalogu", "%", ("60", 2012), ("100", 2016),
     ["92", "95", "96"], "Katalog sociálních služeb, přehled aktualizací"),
    ("2.1", "Počet obcí s pečovatelskou službou", "obce", ("9", 2012), ("20", 2016),
     ["11", "14", "16"], "Výroční zprávy poskytovatelů"),
    ("2.2", "Počet lůžek odlehčovací služby", "lůžka", ("0", 2012), ("6", 2016),
     ["0", "4", "4"], "Registr poskytovatelů sociálních služeb"),
    ("3.1", "Počet hodin osobní asistence za rok", "hodiny", ("9500", 2012), ("14000", 2016),
     ["10200", "11800", "12900"], "Výroční zpráva Charity Valašské Meziříčí"),
    ("4.1", "Počet kontaktů nízkoprahového klubu v Kelči", "kontakty", ("0", 2012),
     ("1500", 2016), ["420", "980", "1310"], "Statistika zařízení"),
    ("5.1", "Počet lůžek noclehárny", "lůžka", ("0", 2012), ("10", 2016), ["0", "0", "10"],
     "Registr poskytovatelů sociálních služeb"),
]

ACTION_PLANS = {
    2014: [("1.1", "Čtyři setkání každé skupiny.", "40000", "done"),
           ("2.1", "Pečovatelská služba v dalších třech obcích.", "260000", "done"),
           ("2.2", "Odlehčovací pobyt se čtyřmi lůžky v Zašové.", "300000", "done"),
           ("3.1", "Navýšení úvazků osobní asistence.", "150000", "in_progress"),
           ("4.1", "Provoz pobočky klubu v Kelči.", "130000", "done"),
           ("5.1", "Studie proveditelnosti noclehárny.", "40000", "done")],
    2015: [("1.1", "Čtyři setkání každé skupiny.", "40000", "done"),
           ("2.1", "Pečovatelská služba v Oznici a Lhotě.", "280000", "in_progress"),
           ("2.2", "Terénní odlehčovací služba.", "120000", "not_done"),
           ("3.1", "Navýšení úvazků osobní asistence.", "150000", "done"),
           ("4.1", "Provoz pobočky klubu v Kelči.", "135000", "done"),
           ("5.1", "Otevření noclehárny s deseti lůžky.", "900000", "done")],
}

# Approximate inhabitants (rounded), used only where no population step has loaded figures.
POPULATION = {
    "valasske-mezirici": 22300, "kelc": 2700, "branky": 1000, "jarcova": 1000, "krhova": 1200,
    "lesna": 1700, "policna": 1700, "zasova": 2700, "bystricka": 850, "mikuluvka": 800,
    "oznice": 450, "police": 550, "hrachovec": 700, "podoli": 500, "stritez-nad-becvou": 800,
    "kunovice": 600, "lhota": 600, "loucka": 600, "choryne": 900, "kladeruby": 400,
}

# service name, capacity, unit, measure, yearly cost shared, key, municipalities (None = all 20)
NETWORK = [
    ("Pečovatelská služba Charity", 180, "klient", "2.1", "1450000", "population", None),
    ("Pečovatelská služba Kelč", 60, "klient", "2.1", "520000", "population",
     ["kelc", "branky", "police", "kunovice", "loucka", "lhota", "kladeruby"]),
    ("Osobní asistence Charity", 35, "klient", "3.1", "380000", "population", None),
    ("Odlehčovací pobyt Zašová", 4, "luzka", "2.2", "240000", "use", None),
    ("Noclehárna Charity", 10, "luzka", "5.1", "300000", "fixed", None),
    ("Raná péče Náruč", 45, "klient", "", "150000", "population", None),
]
# Declared use of the respite stay (persons cared for last year).
USE = {"valasske-mezirici": 14, "zasova": 5, "krhova": 3, "kelc": 3, "lesna": 2, "policna": 2,
       "jarcova": 1, "branky": 1}
# The night shelter: the town carries half, Kelč and Zašová a tenth each, the rest evenly.
FIXED = {"valasske-mezirici": 50, "kelc": 10, "zasova": 10}


def load_indicators(plan):
    for order, (code, name, unit, baseline, target, values, source) in enumerate(INDICATORS):
        if Indicator.objects.filter(plan=plan, measure_code=code, name=name).exists():
            continue
        indicator = Indicator(plan=plan, measure_code=code, name=name, unit=unit,
                              sort_order=order, baseline_value=Decimal(baseline[0]),
                              baseline_year=baseline[1], target_value=Decimal(target[0]),
                              target_year=target[1])
        for year, value in zip((2013, 2014, 2015), values, strict=True):
            indicator.values.add(IndicatorValue(year=year, value=Decimal(value),
                                                source=f"{source} {year}"))
        indicator.save()


def load_action_plans(plan):
    for year, items in ACTION_PLANS.items():
        with_children(
            plan, ActionPlanPage, f"akcni-plan-{year}", {"items": [
                ActionPlanItem(sort_order=n, measure_code=code, activities=activities,
                               budget=Decimal(budget), status=status)
                for n, (code, activities, budget, status) in enumerate(items)]},
            title=f"Akční plán na rok {year}", year=year,
            intro=f"Co z komunitního plánu uskutečníme v roce {year} a jak se to podařilo.",
        )


def load_population():
    towns = Municipality.objects.filter(code__in=POPULATION)
    known = set(PopulationFigure.objects.values_list("municipality_id", flat=True))
    missing = [town for town in towns if town.pk not in known]
    PopulationFigure.objects.bulk_create([
        PopulationFigure(municipality=town, reference_date=dt.date(2025, 1, 1),
                         total=POPULATION[town.code], approximate=True,
                         source="Přibližný údaj pro ukázku (zaokrouhleno)")
        for town in missing])


def load_network(plan):
    if ServiceNetworkPage.objects.child_of(plan).filter(slug="sit-socialnich-sluzeb").exists():
        return ServiceNetworkPage.objects.child_of(plan).get(slug="sit-socialnich-sluzeb")
    towns = {town.code: town for town in Municipality.objects.filter(code__in=POPULATION)}
    page = ServiceNetworkPage(
        slug="sit-socialnich-sluzeb", title="Síť sociálních služeb 2014–2016",
        period_start=2014, period_end=2016,
        intro="Služby, které obce svazku společně považují za potřebné a podílejí se na "
              "jejich financování. Podíly se počítají podle počtu obyvatel, deklarovaného "
              "využití nebo dohodnutého poměru.",
        adopted_by="Valná hromada Svazku obcí Mikroregionu Valašskomeziříčsko-Kelečsko",
        adoption_date=dt.date(2013, 12, 12), resolution_number="VH 6/2013",
    )
    for number, (name, capacity, unit, code, cost, key, served) in enumerate(NETWORK):
        service = Service.objects.filter(name=name).first()
        if service is None:
            continue
        entry = NetworkService(
            sort_order=number, service=service, capacity=capacity,
            capacity_unit=CapacityUnit.objects.filter(code=unit).first(), measure_code=code,
            annual_cost=Decimal(cost), split_key=key)
        entry.municipalities = [towns[c] for c in (served or POPULATION) if c in towns]
        page.network_services.add(entry)
        parts = USE if key == "use" else FIXED if key == "fixed" else {}
        if key == "fixed":
            rest = [c for c in POPULATION if c not in FIXED]
            parts = {**FIXED, **{c: Decimal(30) / len(rest) for c in rest}}
        for town_code, value in parts.items():
            page.share_inputs.add(NetworkShareInput(
                service=service, municipality=towns[town_code],
                number=Decimal(value).quantize(Decimal("0.01"))))
    plan.add_child(instance=page)
    # Publishing with the resolution number records the adopted network and its amounts.
    page.save_revision().publish()
    return page


# structure slug: scores (information, influence, meetings, use, overall) of each answer
EVALUATION = {
    "seniori": [(5, 4, 5, 4, 5), (4, 4, 4, 3, 4), (5, 3, 4, 4, 4), (4, 4, 5, 4, 5),
                (3, 3, 4, 3, 4), (4, 5, 5, 4, 5), (5, 4, 4, 5, 5)],
    "zdravotne-postizeni": [(4, 3, 4, 3, 4), (3, 2, 4, 3, 3), (4, 3, 3, 2, 3), (5, 4, 4, 3, 4),
                            (4, 3, 4, 3, 4), (3, 3, 3, 3, 3)],
    "manazersky-tym": [(5, 5, 4, 5, 5), (5, 4, 4, 4, 5), (4, 4, 5, 4, 4), (5, 5, 5, 4, 5),
                       (4, 4, 4, 4, 4)],
    # Two answers only: shown merged with other small groups, or not at all.
    "rodiny-s-detmi": [(3, 2, 3, 2, 3), (2, 2, 3, 2, 2)],
    "skupina-pro-dohodu": [(4, 3, 4, 4, 4), (3, 3, 3, 3, 3), (4, 4, 4, 4, 4)],
}


def load_evaluation():
    section = PlanningSectionPage.objects.filter(slug="komunitni-planovani").first()
    if section is None or ProcessEvaluationPage.objects.child_of(section).exists():
        return
    groups = {g.slug: g for g in WorkingGroupPage.objects.filter(slug__in=EVALUATION)}
    page = ProcessEvaluationPage(
        slug="hodnoceni-procesu-2013", title="Hodnocení procesu plánování 2013", year=2013,
        intro="Krátký anonymní dotazník pro členy pracovních skupin, manažerského týmu "
              "a skupiny pro dohodu: jak se nám v roce 2013 plánovalo.",
        min_group_size=5,
    )
    page.structures = list(groups.values())
    section.add_child(instance=page)
    page.save_revision().publish()
    EvaluationResponse.objects.bulk_create([
        EvaluationResponse(page=page, structure=groups[slug], nonce=f"demo-{slug}-{n}",
                           information=a, influence=b, meetings=c, use=d, overall=e)
        for slug, answers in EVALUATION.items() if slug in groups
        for n, (a, b, c, d, e) in enumerate(answers)])


def load(home, out):
    plan = CommunityPlanPage.objects.filter(slug="komunitni-plan-2012-2016").first()
    if plan is None:
        out("Síť služeb: chybí komunitní plán, krok přeskočen")
        return
    load_indicators(plan)
    load_action_plans(plan)
    load_population()
    network = load_network(plan)
    load_evaluation()
    out(f"Indikátory: {Indicator.objects.filter(plan=plan).count()}, akční plány 2014 a 2015, "
        f"{network.title} ({network.network_services.count()} služeb, 20 obcí), "
        "hodnocení procesu 2013")
