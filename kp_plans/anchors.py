"""Stable anchors for the sections of a plan draft.

A comment stores the anchor of the section it is about, so the anchor must not change when
editors fix a title, reorder sections or delete and re-create a block. The anchor is therefore
kept in the section's own data, generated once from the title when empty and never again.
A re-created section with the same title gets the same anchor back.
"""

from django.core.validators import RegexValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

ANCHOR_MAX_LENGTH = 60
FALLBACK_ANCHOR = "oddil"

validate_anchor = RegexValidator(
    r"^[a-z][a-z0-9-]*$",
    _("Use lowercase letters without accents, digits and hyphens, starting with a letter."),
)


def anchor_from_title(title: str) -> str:
    anchor = slugify(title or "")[: ANCHOR_MAX_LENGTH - 4].strip("-")
    if not anchor or not anchor[0].isalpha():
        anchor = f"{FALLBACK_ANCHOR}-{anchor}".strip("-") if anchor else FALLBACK_ANCHOR
    return anchor


def unique_anchor(base: str, taken: set[str]) -> str:
    anchor, number = base, 2
    while anchor in taken:
        anchor = f"{base}-{number}"
        number += 1
    return anchor


def duplicate_anchor_indexes(anchors: list[str]) -> list[int]:
    """Positions of anchors already used by an earlier section (empty ones are ignored)."""
    seen, duplicates = set(), []
    for index, anchor in enumerate(anchors):
        if anchor and anchor in seen:
            duplicates.append(index)
        seen.add(anchor)
    return duplicates


def assign_missing_anchors(sections) -> None:
    """Give every section of a StreamValue without an anchor one made from its title.

    Existing anchors are kept as they are, so only new sections get one.
    """
    values = [child.value for child in sections]
    taken = {value["anchor"] for value in values if value.get("anchor")}
    for value in values:
        if not value.get("anchor"):
            value["anchor"] = unique_anchor(anchor_from_title(value.get("title", "")), taken)
            taken.add(value["anchor"])


def measure_path(code) -> str:
    """The measure page below the plan's URL: "2.3" -> "opatreni/2-3/"."""
    return "opatreni/" + str(code).replace(".", "-") + "/"
