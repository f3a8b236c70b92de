"""Wagtail's database search, accent-insensitive on PostgreSQL as it already is on SQLite.

Czech readers often type without diacritics ("pecovatelska sluzba"). SQLite's FTS5 tokenizer
folds accents by itself; PostgreSQL needs a text search configuration with the `unaccent`
dictionary (created by migration 0002 of this app). modelsearch uses ``SEARCH_CONFIG`` for
full-text search but fixes autocomplete (prefix search) to "simple", so the PostgreSQL backend is
subclassed to use the same configuration for both.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as vendor_backend

CONFIGURATION = "kpss_cs"


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    if connection.vendor != "postgresql":
        return vendor_backend(params)
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    class UnaccentPostgresSearchBackend(PostgresSearchBackend):
        def __init__(self, params):
            super().__init__({"SEARCH_CONFIG": CONFIGURATION, **params})
            self.autocomplete_config = self.config

    return UnaccentPostgresSearchBackend(params)
