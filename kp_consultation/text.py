"""Invisible control characters removed from what the public writes.

Bidirectional overrides and isolates can make a name or a comment read differently from what
it contains (a reversed word, a hidden suffix), and zero-width characters make two names that
look the same differ. Neither has a use in a name, an organisation or a comment.
"""

import re

# U+061C Arabic letter mark, U+200B–U+200F zero-width and direction marks, U+202A–U+202E
# embeddings and overrides, U+2060 word joiner, U+2066–U+2069 isolates, U+FEFF BOM.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def strip_invisible(value):
    if not value:
        return value
    return INVISIBLE.sub("", value)
