"""Template helpers of the plans: amounts in Czech crowns, the comment-period countdown and a
measure's links into the catalogue."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from kp_plans.anchors import measure_path
from kp_plans.choices import SplitKey

register = template.Library()


@register.filter
def plan_czk(value):
    """1973786 -> "1 973 786 Kč" with non-breaking spaces; haléře only when present."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    whole = int(amount)
    fraction = abs(amount - whole)
    grouped = f"{whole:,}".replace(",", "\u00a0")
    if fraction:
        grouped += "," + f"{fraction:.2f}"[2:]
    return (_("%(amount)s CZK") % {"amount": grouped}).replace(" ", "\u00a0")


@register.filter
def plan_number(value):
    """Decimal(20000.50) -> "20 000,5": Czech grouping and comma, no trailing zeros."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    text = f"{whole:,}".replace(",", "\u00a0")
    fraction = amount - whole
    if fraction:
        text += "," + format(fraction.normalize(), "f")[2:]
    return sign + text


register.filter("measure_path", measure_path)


@register.filter
def split_key_label(value):
    """The Czech name of a co-financing key stored in a network snapshot."""
    return dict(SplitKey.choices).get(value, value)


@register.simple_tag
def countdown(page):
    return page.countdown()


@register.simple_tag
def related_service_links(page, measure):
    """(service, public URL or None) pairs for a measure's published catalogue services."""
    return page.related_service_links(measure)
