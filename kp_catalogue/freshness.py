"""How old a service's "data verified on" date may get before the service counts as stale; an
unresolved problem report from the public makes it stale too, whatever the date."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kp_catalogue.models.reports import ProblemReport
from kp_catalogue.public.filtering import public_services
from kp_catalogue.public.reports import open_reports_exist

DEFAULT_STALE_AFTER_MONTHS = 6


def stale_after_months():
    return getattr(settings, "KP_CATALOGUE_STALE_AFTER_MONTHS", DEFAULT_STALE_AFTER_MONTHS)


def months_before(day, months):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # The 31st of a shorter month becomes its last day.
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def stale_cutoff(today=None):
    """Services verified before this date are stale."""
    return months_before(today or timezone.localdate(), stale_after_months())


def has_open_reports(service):
    """From the ``has_open_reports`` annotation of listings, else one query."""
    annotated = getattr(service, "has_open_reports", None)
    if annotated is not None:
        return annotated
    return ProblemReport.objects.filter(service_id=service.pk, resolved_at__isnull=True).exists()


def is_stale(service, today=None):
    return (service.assured_date is None or service.assured_date < stale_cutoff(today)
            or has_open_reports(service))


def stale_filter(today=None):
    return (Q(assured_date__isnull=True) | Q(assured_date__lt=stale_cutoff(today))
            | Q(open_reports_exist()))


def stale_services(today=None):
    """Published, not ended services whose data nobody has confirmed for too long."""

    return public_services().filter(stale_filter(today))
