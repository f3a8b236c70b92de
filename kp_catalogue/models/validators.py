"""Validators for Czech identifiers kept as text (leading zeros matter)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ICO_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def ico_check_digit(first_seven):
    total = sum(int(digit) * weight for digit, weight in zip(first_seven, ICO_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_ico(value):
    return (
        isinstance(value, str) and len(value) == 8 and value.isascii() and value.isdigit()
        and ico_check_digit(value[:7]) == int(value[7])
    )


def validate_ico(value):
    if not (isinstance(value, str) and len(value) == 8 and value.isascii() and value.isdigit()):
        raise ValidationError(_("The company ID (IČO) must have exactly 8 digits."), code="ico_format")
    if not is_valid_ico(value):
        raise ValidationError(
            _("The company ID (IČO) %(value)s has a wrong check digit."),
            code="ico_checksum", params={"value": value},
        )
