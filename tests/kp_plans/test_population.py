"""Population figures: validation, and ``population_for`` reading the latest in one query."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kp_catalogue.models import Municipality
from kp_plans.population.figures import population_for
from tests.factories.plans import PopulationFigureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    return list(Municipality.objects.order_by("pk")[:3])


def test_latest_figure_per_municipality_in_one_query(towns, django_assert_num_queries):
    a, b, c = towns
    PopulationFigureFactory(municipality=a, reference_date=dt.date(2023, 12, 31), total=900,
                            age_0_14=100, age_15_64=600, age_65_plus=200)
    PopulationFigureFactory(municipality=a, reference_date=dt.date(2025, 12, 31), total=1000)
    PopulationFigureFactory(municipality=b, reference_date=dt.date(2024, 12, 31), total=1000)
    with django_assert_num_queries(1):
        figures = population_for(Municipality.objects.filter(pk__in=[a.pk, b.pk, c.pk]))
    assert {pk: f.reference_date.year for pk, f in figures.items()} == {a.pk: 2025, b.pk: 2024}
    with django_assert_num_queries(1):
        figures = population_for([a, b.pk], year=2024)
    assert {pk: f.total for pk, f in figures.items()} == {a.pk: 900, b.pk: 1000}
    with django_assert_num_queries(0):
        assert population_for([]) == {}


def test_bands_must_add_up_and_80_plus_is_part_of_65_plus(towns):
    figure = PopulationFigureFactory.build(municipality=towns[0], total=1001)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "total" in error.value.message_dict
    figure = PopulationFigureFactory.build(municipality=towns[0], age_80_plus=201)
    with pytest.raises(ValidationError) as error:
        figure.full_clean()
    assert "age_80_plus" in error.value.message_dict
    PopulationFigureFactory.build(municipality=towns[0]).full_clean()
