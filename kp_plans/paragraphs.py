"""Stable anchors for the paragraphs inside a draft's sections.

A comment may point at one paragraph, so a paragraph's anchor must survive the edits editors
make between two saves: a paragraph inserted above it, one deleted, the order changed, a typo
fixed. Rich text keeps no ids of its own (the editor rebuilds its blocks on every save), so the
draft remembers, per section, each paragraph's anchor with its text, and on every save matches
the new paragraphs to the remembered ones: the same text first, then the most similar text
(an edited paragraph), and only what is left gets a new anchor. Anchors are never reused: a
counter per section only goes up, so a comment on a deleted paragraph never jumps to a new one.
Matching on the server is what CONSUL's character-offset annotations lack (they drift after an
edit).
"""

import difflib
import html
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString

PREFIX = "odst-"
# Enough text to tell paragraphs apart and to match an edited one; the memory stays small.
REMEMBERED_CHARS = 400
# How alike an edited paragraph must stay to keep its anchor (difflib's ratio, 0..1).
SIMILAR_ENOUGH = 0.6


def split_blocks(markup: str) -> list[str]:
    """The top-level blocks (paragraphs, lists, headings) of rich text, as HTML strings."""
    soup = BeautifulSoup(markup or "", "html.parser")
    blocks = []
    for node in soup.contents:
        if isinstance(node, NavigableString):
            if node.strip():
                blocks.append(html.escape(str(node).strip()))
            continue
        blocks.append(str(node))
    return blocks


def block_text(block_html: str) -> str:
    text = BeautifulSoup(block_html, "html.parser").get_text(" ")
    return " ".join(text.split())[:REMEMBERED_CHARS]


@lru_cache(maxsize=512)
def parsed_section(markup: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(blocks, their texts) of one section's HTML. A pure function of the markup, so each
    process parses a section once instead of on every view of the draft and every comment
    sent to it (parsing was half the cost of a comment POST); an edited section is new markup,
    so nothing can go stale."""
    blocks = split_blocks(markup)
    return tuple(blocks), tuple(block_text(block) for block in blocks)


def match_anchors(memory: dict | None, texts: list[str]) -> tuple[list[str], dict]:
    """(anchor of each text, the memory to keep) for one section's paragraph texts."""
    memory = memory or {}
    remembered = [dict(entry) for entry in memory.get("paragraphs", [])]
    counter = int(memory.get("next", 1))
    anchors: list[str | None] = [None] * len(texts)
    free = list(range(len(remembered)))
    # 1. The same text keeps its anchor (the first unused one, in order).
    for index, text in enumerate(texts):
        for position in free:
            if remembered[position]["text"] == text:
                anchors[index] = remembered[position]["anchor"]
                free.remove(position)
                break
    # 2. An edited paragraph keeps the anchor of the most similar remembered one left.
    candidates = []
    for index, text in enumerate(texts):
        if anchors[index] is not None:
            continue
        for position in free:
            ratio = difflib.SequenceMatcher(None, remembered[position]["text"], text,
                                            autojunk=False).ratio()
            if ratio >= SIMILAR_ENOUGH:
                candidates.append((-ratio, index, position))
    for _ratio, index, position in sorted(candidates):
        if anchors[index] is None and position in free:
            anchors[index] = remembered[position]["anchor"]
            free.remove(position)
    # 3. Whatever is left is a new paragraph.
    taken = {entry["anchor"] for entry in remembered}
    for index in range(len(texts)):
        if anchors[index] is None:
            while f"{PREFIX}{counter}" in taken:
                counter += 1
            anchors[index] = f"{PREFIX}{counter}"
            taken.add(anchors[index])
            counter += 1
    kept = {"next": counter, "paragraphs": [
        {"anchor": anchor, "text": text} for anchor, text in zip(anchors, texts, strict=True)]}
    return anchors, kept


def paragraph_memory(sections: list[dict], memory: dict | None) -> dict:
    """The memory of every section ({section anchor: memory}) after ``sections`` were saved.

    ``sections``: [{"anchor", "body"}], the body as stored (rich text source)."""
    memory = memory or {}
    kept = {}
    for section in sections:
        _blocks, texts = parsed_section(section["body"])
        _anchors, kept[section["anchor"]] = match_anchors(memory.get(section["anchor"]),
                                                          list(texts))
    return kept
