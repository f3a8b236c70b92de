"""The needs finder ("Co potřebuji"): three plain questions (situation, municipality, age)
asked one per page as GET forms, so every step has its own shareable address and works
without JavaScript. The answers become the catalogue's own filters: the situation's terms,
the municipality served and the age group; the results are ordered with field services
covering the municipality first, then by distance (``distance``).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from kp_catalogue.models.services import Service, ServiceProvision
from kp_catalogue.models.situations import LifeSituation
from kp_catalogue.models.taxonomies import AgeGroup, Municipality
from kp_catalogue.public.distance import Origin, centre, order_by_distance
from kp_catalogue.public.filtering import ServiceFilter, card_services

# Public URL parameters of the finder's answers (Czech, they show in the address bar).
SITUATION, MUNICIPALITY, AGE = "situace", "obec", "vek"
# The age question's answer "any age" (an explicit value, so the step counts as answered).
ANY_AGE = "vse"


def situations():
    """Every situation with its terms, in four queries however many there are."""
    return LifeSituation.objects.prefetch_related(
        "target_groups", "age_groups", "service_types", "forms")


def apply_situation(situation, queryset):
    """Services that match every term list the situation fills (one of each list)."""
    type_ids = [item.pk for item in situation.service_types.all()]
    if type_ids:
        queryset = queryset.filter(service_type_id__in=type_ids)
    through_lists = [
        ([item.pk for item in situation.target_groups.all()], Service.target_groups.through,
         "targetgroup_id__in"),
        ([item.pk for item in situation.age_groups.all()], Service.age_groups.through,
         "agegroup_id__in"),
    ]
    for ids, through, lookup in through_lists:
        if ids:
            queryset = queryset.filter(Exists(
                through.objects.filter(service_id=OuterRef("pk"), **{lookup: ids})))
    form_ids = [item.pk for item in situation.forms.all()]
    if form_ids:
        queryset = queryset.filter(Exists(ServiceProvision.objects.filter(
            service_id=OuterRef("pk"), form_id__in=form_ids)))
    return queryset


@dataclass
class Answers:
    """The finder's answers read from the query; ``errors`` maps a question to a message
    (an unknown value in a shared or typed address)."""

    situation: LifeSituation | None = None
    municipality: Municipality | None = None
    age_group: AgeGroup | None = None
    age_answered: bool = False
    errors: dict = field(default_factory=dict)

    @classmethod
    def from_query_dict(cls, data, situation_list):
        answers = cls()
        slug = (data.get(SITUATION) or "").strip()[:60]
        if slug:
            answers.situation = next((s for s in situation_list if s.slug == slug), None)
            if answers.situation is None:
                answers.errors[SITUATION] = _("Choose one of the situations below.")
        code = (data.get(MUNICIPALITY) or "").strip()[:32]
        if code:
            answers.municipality = Municipality.objects.filter(code=code).first()
            if answers.municipality is None:
                answers.errors[MUNICIPALITY] = _("Choose one of the municipalities below.")
        age = (data.get(AGE) or "").strip()[:32]
        if age:
            answers.age_answered = True
            if age != ANY_AGE:
                answers.age_group = AgeGroup.objects.filter(code=age).first()
                if answers.age_group is None:
                    answers.age_answered = False
                    answers.errors[AGE] = _("Choose one of the ages below.")
        return answers

    @property
    def step(self):
        """The question to ask next: 1 situation, 2 municipality, 3 age, 4 the results."""
        if self.situation is None:
            return 1
        if self.municipality is None:
            return 2
        if not self.age_answered:
            return 3
        return 4

    def querystring_items(self, upto=4):
        """The answers given before step ``upto``, as URL items."""
        items = []
        if self.situation is not None and upto > 1:
            items.append((SITUATION, self.situation.slug))
        if self.municipality is not None and upto > 2:
            items.append((MUNICIPALITY, self.municipality.code))
        if self.age_answered and upto > 3:
            items.append((AGE, self.age_group.code if self.age_group else ANY_AGE))
        return items

    def catalogue_filter(self):
        return ServiceFilter(municipality=self.municipality.code,
                             age_group=self.age_group.code if self.age_group else "")


def finder_services(answers):
    """The services for complete answers, field services covering the municipality first,
    then nearest first; a fixed number of queries for any number of services."""
    queryset = apply_situation(answers.situation,
                               answers.catalogue_filter().apply(card_services()))
    return order_by_distance(queryset, Origin(*centre(answers.municipality),
                                              answers.municipality))
