"""Counting the needs survey's answers without identifying anyone.

Questions tagged with a target group count a respondent as "in need" for that group when they
answered it (anything but an empty or negative answer); the question marked as the
municipality dimension says where the respondent lives. Results are shown per municipality,
but a small village's five answers could identify people, so:

- municipalities with fewer respondents than the minimum group size
  (``KP_PLANS_SURVEY_MIN_GROUP``, default 5) are merged into "ostatní" (other);
- if "ostatní" is still smaller than the minimum, the smallest shown municipalities join it
  until it is not (else the total minus the shown ones would reveal it);
- a count from 1 to minimum − 1 is never shown, only "fewer than N";
- with fewer respondents than the minimum in the whole survey nothing is shown.

The same rules give coverage its per-municipality counts (``answers_by_municipality``).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kp_catalogue.models.taxonomies import Municipality
from kp_plans.choices import TargetGroup

RESULTS_SLUG = "vysledky"
DEFAULT_MIN_GROUP = 5
NEGATIVE = {"", "ne", "no", "false", "0", "none", "nevím", "nepotřebuji"}
OTHER = _("other municipalities")


def min_group():
    return max(2, int(getattr(settings, "KP_PLANS_SURVEY_MIN_GROUP", DEFAULT_MIN_GROUP)))


def affirmative(value):
    if isinstance(value, list):
        return any(affirmative(item) for item in value)
    if isinstance(value, bool):
        return value
    return str(value if value is not None else "").strip().casefold() not in NEGATIVE


@dataclass
class Shown:
    """A count as it may be published: ``value`` or, when small, only ``suppressed``."""

    value: int | None
    suppressed: bool = False


def shown(count, minimum):
    if 0 < count < minimum:
        return Shown(None, True)
    return Shown(count)


@dataclass
class ResultGroup:
    label: str
    municipality: Municipality | None
    respondents: int
    needs: dict = field(default_factory=dict)  # group value -> Shown

    @property
    def counts(self):
        return list(self.needs.values())


@dataclass
class Results:
    minimum: int
    respondents: int
    suppressed: bool
    groups: list = field(default_factory=list)  # [ResultGroup], "ostatní" last
    totals: list = field(default_factory=list)  # [(group value, label, Shown)]
    tagged: list = field(default_factory=list)  # group values the survey asks about


def chart(results):
    """Bars of the totals as the action plan draws them (suppressed counts get no bar)."""
    biggest = max([count.value or 0 for _v, _l, count in results.totals] + [1])
    rows = [{"label": label, "count": count, "y": 10 + index * 36,
             "width": round(300 * (count.value or 0) / biggest)}
            for index, (_value, label, count) in enumerate(results.totals)]
    return {"chart_rows": rows, "chart_height": 20 + 36 * len(rows)}


def _tally(page, municipalities_by_name, service_type=None):
    """``[(municipality or None, {group values in need})]``, one per submission. With a
    ``service_type``, only questions tagged with that type count: the need for one service."""
    fields = list(page.form_fields.all())
    place = next((f for f in fields if f.dimension == "municipality"), None)
    tagged = [(f.clean_name, f.target_group) for f in fields if f.target_group
              and (service_type is None or f.service_type_id == service_type.pk)]
    rows = []
    submissions = page.get_submission_class().objects.filter(page=page)
    for data in submissions.values_list("form_data", flat=True).iterator():
        where = None
        if place is not None:
            where = municipalities_by_name.get(str(data.get(place.clean_name, "")).strip()
                                               .casefold())
        rows.append((where, {group for name, group in tagged if affirmative(data.get(name))}))
    return rows, sorted({group for _name, group in tagged}, key=TargetGroup.values.index)


def survey_results(page, service_type=None):
    minimum = min_group()
    by_name = {m.name.casefold(): m for m in Municipality.objects.all()}
    rows, tagged = _tally(page, by_name, service_type)
    results = Results(minimum=minimum, respondents=len(rows), suppressed=len(rows) < minimum,
                      tagged=tagged)
    if results.suppressed:
        return results
    per_place = defaultdict(list)
    for where, needs in rows:
        per_place[where].append(needs)
    big = {m: answers for m, answers in per_place.items()
           if m is not None and len(answers) >= minimum}
    rest = [needs for m, answers in per_place.items() if m not in big for needs in answers]
    # Move the smallest shown municipalities into "ostatní" until it is big enough.
    while 0 < len(rest) < minimum and big:
        smallest = min(big, key=lambda m: (len(big[m]), m.name))
        rest.extend(big.pop(smallest))
    ordered = sorted(big, key=lambda m: (m.sort_order, m.name))
    for municipality in ordered:
        results.groups.append(_group(municipality.name, municipality, big[municipality],
                                     tagged, minimum))
    if rest:
        results.groups.append(_group(str(OTHER), None, rest, tagged, minimum))
    counts = Counter(group for _where, needs in rows for group in needs)
    results.totals = [(group, TargetGroup(group).label, shown(counts[group], minimum))
                      for group in tagged]
    return results


def _group(label, municipality, answers, tagged, minimum):
    counts = Counter(group for needs in answers for group in needs)
    return ResultGroup(label=label, municipality=municipality, respondents=len(answers),
                       needs={group: shown(counts[group], minimum) for group in tagged})


def answers_by_municipality(pages, service_type=None):
    """``{(municipality id, group): Shown}`` over the given survey pages, for coverage; only
    municipalities shown on their own in a survey's results count. With a ``service_type``
    (coverage narrowed to one service), only the questions tagged with it count."""
    found = defaultdict(lambda: Shown(0))
    for page in pages:
        for group in survey_results(page, service_type).groups:
            if group.municipality is None:
                continue
            for value, count in group.needs.items():
                key = (group.municipality.pk, value)
                if count.suppressed or found[key].suppressed:
                    found[key] = Shown(None, True)
                else:
                    found[key] = Shown(found[key].value + count.value)
    return dict(found)
