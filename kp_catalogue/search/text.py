"""Accent- and case-insensitive matching that behaves the same on every database.

The database keeps a normalised copy of the searchable text; queries are normalised the same way
and matched with a plain ``contains`` on that column, so SQLite and PostgreSQL agree.
"""

import re
import unicodedata


def normalise(text):
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def search_terms(query, limit=10):
    return [term for term in normalise(query).split(" ") if term][:limit]
