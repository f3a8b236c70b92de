"""Saving what ``reading`` found: one ``PopulationFigure`` per municipality and date, created or
replaced, all or nothing. The management command and the admin upload both call
``import_population``; neither writes anything when a single record is invalid."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kp_catalogue.exchange.importing.limits import FileRejected
from kp_catalogue.models.taxonomies import Municipality
from kp_plans.models.population import PopulationFigure
from kp_plans.population.reading import read_population_csv

DEFAULT_SOURCE = "ČSÚ, Počet obyvatel v obcích"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unknown_codes: list = field(default_factory=list)
    skipped_rows: int = 0


def municipality_codes():
    """Each municipality under its code and its register (RÚIAN) code."""
    codes = {}
    for municipality in Municipality.objects.only("pk", "code", "register_code", "name"):
        for code in (municipality.code, municipality.register_code.removeprefix("Obec/")):
            if code:
                codes[code] = municipality
    return codes


def import_population(data, source="", approximate=False, dry_run=False):
    """Import the bytes of a ČSÚ CSV; raises ``FileRejected`` with a Czech message."""
    codes = municipality_codes()
    reading = read_population_csv(data, set(codes))
    report = ImportReport(unknown_codes=sorted(reading.unknown_codes),
                          skipped_rows=reading.skipped_rows)
    if not reading.figures:
        raise FileRejected(_("The file holds no figures for the municipalities of the area."))
    with transaction.atomic():
        existing = {(f.municipality_id, f.reference_date): f
                    for f in PopulationFigure.objects.filter(
                        municipality__in={m.pk for m in codes.values()})}
        for (code, date), bands in sorted(reading.figures.items()):
            municipality = codes[code]
            if "total" not in bands:
                raise FileRejected(_("%(name)s: the file gives no total for %(date)s.")
                                   % {"name": municipality.name, "date": date.isoformat()})
            figure = existing.get((municipality.pk, date)) or PopulationFigure(
                municipality=municipality, reference_date=date)
            is_new = figure.pk is None
            for name in ("age_0_14", "age_15_64", "age_65_plus", "age_80_plus"):
                setattr(figure, name, bands.get(name))
            figure.total = bands["total"]
            figure.source = (source or DEFAULT_SOURCE)[:255]
            figure.approximate = approximate
            try:
                figure.full_clean(validate_unique=False)
            except ValidationError as error:
                messages = "; ".join(message for messages in error.message_dict.values()
                                     for message in messages)
                raise FileRejected(f"{municipality.name} ({date:%-d. %-m. %Y}): {messages}") \
                    from error
            figure.save()
            if is_new:
                report.created += 1
            else:
                report.updated += 1
        if dry_run:
            transaction.set_rollback(True)
    return report
