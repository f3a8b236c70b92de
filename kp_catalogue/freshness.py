"""How old a service's "data verified on" date may get before the service counts as stale."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kp_catalogue.public.filtering import public_services

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


def is_stale(service, today=None):
    return service.assured_date is None or service.assured_date < stale_cutoff(today)


def stale_filter(today=None):
    return Q(assured_date__isnull=True) | Q(assured_date__lt=stale_cutoff(today))


def stale_services(today=None):
    """Published, not ended services whose data nobody has confirmed for too long."""

    return public_services().filter(stale_filter(today))
