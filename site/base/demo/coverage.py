"""Demo of coverage: approximate population of the 20 municipalities, the plan's measures
aimed at the municipalities without a service, the needs survey tagged and answered, and the
coverage page itself.

The measures' municipalities are computed from the demo catalogue's own gaps, so the story
stays true when the catalogue demo changes: the smaller villages lack services for people with
disabilities and for seniors, and measures 3.1 and 2.1 are aimed at them.
"""

import datetime as dt
import random

from wagtail.contrib.forms.models import FormSubmission

from kp_catalogue.models import Municipality
from kp_plans.coverage.compute import compute_coverage
from kp_plans.models import (
    CommunityPlanPage,
    CoveragePage,
    NeedsSurveyPage,
    PlanningSectionPage,
    PopulationFigure,
    SurveyFormField,
)

from .helpers import child_page
from .plans import PRIORITIES

# Approximate inhabitants (order of magnitude of the ČSÚ's figures, not official numbers).
INHABITANTS = {
    "valasske-mezirici": 21800, "kelc": 2700, "branky": 950, "jarcova": 820, "krhova": 1650,
    "lesna": 1640, "policna": 1620, "zasova": 2700, "bystricka": 860, "mikuluvka": 890,
    "oznice": 620, "police": 510, "hrachovec": 790, "podoli": 520, "stritez-nad-becvou": 790,
    "kunovice": 610, "lhota": 470, "loucka": 450, "choryne": 820, "kladeruby": 440,
}
SOURCE = "Přibližné údaje pro ukázku (podle řádu údajů ČSÚ, Počet obyvatel v obcích)"
MEASURES_FOR_GAPS = {(3, 1): "disabled", (2, 1): "seniors"}
# Where the demo's respondents live (municipalities with fewer than five merge into "ostatní").
RESPONDENTS = {"valasske-mezirici": 14, "kelc": 8, "zasova": 6, "krhova": 5, "branky": 2,
               "oznice": 1, "loucka": 2}


def load_population():
    created = 0
    for municipality in Municipality.objects.filter(code__in=INHABITANTS):
        total = INHABITANTS[municipality.code]
        children, seniors = round(total * 0.155), round(total * 0.215)
        _figure, new = PopulationFigure.objects.get_or_create(
            municipality=municipality, reference_date=dt.date(2025, 12, 31),
            defaults={"source": SOURCE, "approximate": True, "total": total,
                      "age_0_14": children, "age_65_plus": seniors,
                      "age_15_64": total - children - seniors,
                      "age_80_plus": round(total * 0.045)})
        created += new
    return created


def aim_measures(plan):
    """Give measures 3.1 and 2.1 the municipalities where their group has no service, once."""
    if any(m["municipalities"] for m in plan.measures_by_code.values()):
        return 0
    gaps = {}
    for (priority, number), group in MEASURES_FOR_GAPS.items():
        coverage = compute_coverage(group=group)
        gaps[(priority, number)] = [cell.municipality for cell in coverage.gaps()]
    plan.priorities = [
        ("priority", {"number": p, "kind": kind, "title": title, "description": "",
                      "measures": [{**m, "municipalities": gaps.get((p, m["number"]), [])}
                                   for m in measures]})
        for p, kind, title, measures in PRIORITIES]
    plan.save_revision().publish()
    return sum(len(found) for found in gaps.values())


def tag_survey(section):
    survey = NeedsSurveyPage.objects.child_of(section).first()
    if survey is None or survey.form_fields.filter(target_group__gt="").exists():
        return 0
    place = survey.form_fields.filter(label="Ve které obci žijete?").first()
    if place is not None:
        place.dimension = "municipality"
        place.save()
    # The tagged questions go before the free-text one, which stays last before the button.
    free_text = survey.form_fields.filter(field_type="multiline").order_by("sort_order").first()
    order = free_text.sort_order if free_text else survey.form_fields.count()
    if free_text is not None:
        free_text.sort_order = order + 2
        free_text.save()
    senior = SurveyFormField.objects.create(
        page=survey, sort_order=order, label="Potřebuje někdo z vaší domácnosti pomoc s péčí "
        "o seniora?", field_type="radio", choices="ano\nne", required=False,
        target_group="seniors")
    disabled = SurveyFormField.objects.create(
        page=survey, sort_order=order + 1, label="Potřebuje někdo z vaší domácnosti osobní "
        "asistenci nebo jinou službu pro lidi se zdravotním postižením?", field_type="radio",
        choices="ano\nne", required=False, target_group="disabled")
    survey.save_revision().publish()
    names = dict(Municipality.objects.values_list("code", "name"))
    chance = random.Random(2012)  # noqa: S311 - demo answers, not security
    submissions = []
    for code, count in RESPONDENTS.items():
        for _ in range(count):
            submissions.append(FormSubmission(page=survey, form_data={
                place.clean_name if place else "obec": names.get(code, ""),
                senior.clean_name: chance.choice(["ano", "ano", "ne"]),
                disabled.clean_name: chance.choice(["ano", "ne"]),
            }))
    FormSubmission.objects.bulk_create(submissions)
    return len(submissions)


def load(home, out):
    section = PlanningSectionPage.objects.child_of(home).filter(
        slug="komunitni-planovani").first()
    if section is None:
        return
    population = load_population()
    plan = CommunityPlanPage.objects.child_of(section).filter(
        slug="komunitni-plan-2012-2016").first()
    aimed = aim_measures(plan) if plan is not None else 0
    answers = tag_survey(section)
    child_page(
        section, CoveragePage, "pokryti-potreb", title="Pokrytí potřeb sociálními službami",
        intro="<p>Které obce mikroregionu nemají službu pro kterou cílovou skupinu, s jakou "
              "kapacitou na počet obyvatel, co říkají odpovědi z dotazníku a která opatření "
              "plánu nedostatky řeší. Počty obyvatel jsou v ukázce přibližné.</p>",
        plan=plan)
    out(f"Pokrytí potřeb: {population} počtů obyvatel (přibližných), {aimed} obcí u opatření "
        f"2.1 a 3.1, {answers} odpovědí z dotazníku")
