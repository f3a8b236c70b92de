"""The one way to read inhabitants: the latest figure per municipality in one query.

Coverage, co-financing keys and indicators all divide by inhabitants; reading them through
``population_for`` keeps their query counts constant whatever the number of municipalities.
"""

from django.db.models import OuterRef, Q, Subquery

from kp_plans.models.population import PopulationFigure


def population_for(municipalities, year=None):
    """``{municipality_id: PopulationFigure}`` with the latest figure of each municipality.

    ``municipalities`` is a queryset, or an iterable of ``Municipality`` objects or their ids;
    with ``year`` only figures whose reference date falls in that year or before count.
    Municipalities without a figure are missing from the result. One query (a queryset
    argument is sent as a subquery).
    """
    if not hasattr(municipalities, "query"):
        municipalities = [getattr(item, "pk", item) for item in municipalities]
        if not municipalities:
            return {}
    period = Q(reference_date__year__lte=year) if year is not None else Q()
    latest = (PopulationFigure.objects.filter(period, municipality=OuterRef("municipality"))
              .order_by("-reference_date").values("pk")[:1])
    figures = (PopulationFigure.objects.filter(period, municipality__in=municipalities)
               .filter(pk=Subquery(latest)))
    return {figure.municipality_id: figure for figure in figures}
