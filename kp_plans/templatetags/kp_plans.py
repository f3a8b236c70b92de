"""Template helpers of the plans: amounts in Czech crowns, the comment-period countdown and a
measure's links into the catalogue."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

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
    """20000 -> "20 000", 12.5 -> "12,5" (Czech grouping and decimal comma)."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(value).normalize():,f}"
    return text.replace(",", "\u00a0").replace(".", ",")


@register.simple_tag
def countdown(page):
    return page.countdown()


@register.simple_tag
def related_service_links(page, measure):
    """(service, public URL or None) pairs for a measure's published catalogue services."""
    return page.related_service_links(measure)
