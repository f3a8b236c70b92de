"""Section-by-section comparison of two drafts of a plan.

Sections are paired by their stable anchor, so a renamed or moved section is still compared
with itself. The text is compared word by word (difflib) after the markup is stripped.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags

WORDS = re.compile(r"\S+\s*")

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass
class SectionChange:
    anchor: str
    title: str
    old_title: str
    status: str
    fragments: list[tuple[str, str]] = field(default_factory=list)


def plain_words(markup: str) -> list[str]:
    text = html.unescape(strip_tags(markup.replace("</p>", "</p> ").replace("<br/>", " ")))
    return WORDS.findall(text)


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """[(operation, text)] with operation "equal", "insert" or "delete"."""
    old_words, new_words = plain_words(old), plain_words(new)
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    fragments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            fragments.append(("equal", "".join(new_words[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            fragments.append(("delete", "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            fragments.append(("insert", "".join(new_words[j1:j2])))
    return fragments


def diff_sections(old_sections: list[dict], new_sections: list[dict]) -> list[SectionChange]:
    """Changes in the order of the new draft; sections only in the old one come last."""
    old_by_anchor = {section["anchor"]: section for section in old_sections}
    new_anchors = {section["anchor"] for section in new_sections}
    changes = []
    for section in new_sections:
        old = old_by_anchor.get(section["anchor"])
        if old is None:
            changes.append(SectionChange(section["anchor"], section["title"], "", ADDED,
                                         diff_words("", section["body"])))
            continue
        fragments = diff_words(old["body"], section["body"])
        same = (all(op == "equal" for op, _ in fragments)
                and old["title"] == section["title"])
        changes.append(SectionChange(section["anchor"], section["title"], old["title"],
                                     UNCHANGED if same else CHANGED, fragments))
    for old in old_sections:
        if old["anchor"] not in new_anchors:
            changes.append(SectionChange(old["anchor"], old["title"], old["title"], REMOVED,
                                         diff_words(old["body"], "")))
    return changes
