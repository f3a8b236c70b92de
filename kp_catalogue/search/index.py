"""The full-text index of the catalogue's services, one function per task whatever the
database; the connection's vendor picks the engine.

Each service row keeps its search document (``Service.search_document``: tokens from
``words.py``, ``[a-z0-9]`` separated by single spaces). The index is built from it:

- **PostgreSQL**: a stored generated column ``search_vector`` =
  ``array_to_tsvector(string_to_array(search_document, ' '))`` with a GIN index. The tokens
  become lexemes exactly as they are (no parser, no dictionary), and the column follows the
  document by itself. (Migration 0010 indexed the expression instead; migration 0012 stores it,
  because a query that also filters by place or group checks the match row by row, and building
  the vector from the text for each row cost more than the rest of the query.)
- **SQLite**: an FTS5 table ``kp_catalogue_service_fts`` (rowid = the service's id, the
  ``ascii`` tokenizer, prefix indexes of 2–4 letters). SQLite has no index on an expression
  of this kind, so ``store`` writes the row whenever the document changes; triggers would be
  lost when Django rebuilds the service table in a later migration.
- Anything else: a ``LIKE`` scan on the column, correct but not indexed.

A query (``Match``) is a conjunction of clauses, each a disjunction of phrases, each a
conjunction of token prefixes; both engines read it with the same meaning (FTS5 ``"tok"*``,
tsquery ``'tok':*``), so both databases return the same services.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

TABLE = "kp_catalogue_service"
# Up to this many matches, SQLite filters the listing by a list of ids (see ``matching``).
SHORT_LIST = 500
FTS_TABLE = "kp_catalogue_service_fts"
PG_INDEX = "kp_service_search_document_gin"
PG_DOCUMENT = "array_to_tsvector(string_to_array(search_document, ' '))"

# Constant statements: only the parameters vary, so nothing typed reaches the SQL text.
SQLITE_DELETE = "DELETE FROM kp_catalogue_service_fts WHERE rowid = %s"
SQLITE_INSERT = "INSERT INTO kp_catalogue_service_fts (rowid, document) VALUES (%s, %s)"
SQLITE_CLEAR = "DELETE FROM kp_catalogue_service_fts"
SQLITE_MATCH = ("SELECT rowid FROM kp_catalogue_service_fts "
                "WHERE kp_catalogue_service_fts MATCH %s")
PG_MATCH = ("SELECT id FROM kp_catalogue_service WHERE search_vector "
            "@@ to_tsquery('simple', %s)")

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "document, tokenize='ascii', prefix='2 3 4')",
]
SQLITE_DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
PG_CREATE = [f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING gin ({PG_DOCUMENT})"]
PG_DROP = [f"DROP INDEX IF EXISTS {PG_INDEX}"]
PG_VECTOR_INDEX = "kp_service_search_vector_gin"
PG_STORE_VECTOR = [
    *PG_DROP,
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector "
    f"GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED",
    f"CREATE INDEX IF NOT EXISTS {PG_VECTOR_INDEX} ON {TABLE} USING gin (search_vector)",
]
PG_UNSTORE_VECTOR = [
    f"DROP INDEX IF EXISTS {PG_VECTOR_INDEX}",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
    *PG_CREATE,
]


@dataclass(frozen=True)
class Match:
    """``clauses``: every clause must match; a clause matches when one of its phrases does; a
    phrase matches when every token is the prefix of a token of the document."""

    clauses: tuple

    def fts5(self):
        return " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(f'"{token}"*' for token in phrase) + ")"
                              for phrase in clause) + ")"
            for clause in self.clauses)

    def tsquery(self):
        return " & ".join(
            "(" + " | ".join("(" + " & ".join(f"'{token}':*" for token in phrase) + ")"
                             for phrase in clause) + ")"
            for clause in self.clauses)


def vendor(using=None):
    return (using or connection).vendor


def create(schema_editor):
    """Creates the index (from the migration)."""
    run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": PG_CREATE})


def drop(schema_editor):
    run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": PG_DROP})


def store_vector(schema_editor):
    """PostgreSQL: the expression index becomes a stored column with its index (0012)."""
    run(schema_editor, {"postgresql": PG_STORE_VECTOR})


def unstore_vector(schema_editor):
    run(schema_editor, {"postgresql": PG_UNSTORE_VECTOR})


def run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def store(rows):
    """Puts ``(service id, document)`` pairs into the index (the column is written by the
    caller; on PostgreSQL that is all there is to do)."""
    rows = list(rows)
    if not rows or vendor() != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.executemany(SQLITE_DELETE, [(pk,) for pk, _document in rows])
        cursor.executemany(SQLITE_INSERT, [(pk, document or "") for pk, document in rows])


def remove(pks):
    if vendor() == "sqlite" and pks:
        with connection.cursor() as cursor:
            cursor.executemany(SQLITE_DELETE, [(pk,) for pk in pks])


def clear():
    """Empties the SQLite table before a rebuild (PostgreSQL's index has nothing to clear)."""
    if vendor() == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_CLEAR)


def matching(match, among_few=False):
    """A filter for a service queryset: the services whose document satisfies ``match``.

    ``among_few``: another filter already narrows the listing to a short list of services by
    primary key. SQLite then tests each of them against its document instead of reading every
    match from the FTS table (a common word matches thousands of services; the short list is
    at most a few hundred)."""
    engine = vendor()
    if engine == "sqlite":
        # SQLite's planner, without statistics, walks the services by their (live, status)
        # index and probes the subquery for each row: a scan of the whole table however few
        # match. Fetching the matching ids first (one query) lets a short list drive the
        # listing by primary key; a long one stays a subquery (counting it scans anyway).
        with connection.cursor() as cursor:
            cursor.execute(SQLITE_MATCH + " LIMIT %s", [match.fts5(), SHORT_LIST + 1])
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) <= SHORT_LIST:
            return Q(pk__in=ids)
        if among_few:
            return scan(match)
        # The query is a parameter; its tokens are [a-z0-9] only (words.py).
        return Q(pk__in=RawSQL(SQLITE_MATCH, [match.fts5()]))  # noqa: S611
    if engine == "postgresql":
        return Q(pk__in=RawSQL(PG_MATCH, [match.tsquery()]))  # noqa: S611
    return scan(match)


def scan(match):
    """``match`` tested on each row's document: what the index answers, without the index."""
    condition = Q()
    for clause in match.clauses:
        either = Q()
        for phrase in clause:
            both = Q()
            for token in phrase:
                both &= (Q(search_document__startswith=token)
                         | Q(search_document__contains=f" {token}"))
            either |= both
        condition &= either
    return condition
