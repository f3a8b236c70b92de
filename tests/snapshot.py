"""Copy every table of the test database out and back in, so the VM+K demo is built once per
test session and each test that needs it starts from an identical copy.

Building the demo takes seconds (hundreds of revisions, the reference index, the search index);
restoring a copy takes a fraction of that. A restore replaces the whole content of the
database, so a test sees exactly the demo whatever the tests before it left behind, which also
removes the order dependence that per-test loading on top of a flushed database had.

SQLite copies rows with plain SELECT/INSERT; the FTS5 tables that no trigger keeps are copied
through their own virtual tables with their row numbers (those kept by triggers are emptied and
fill themselves again from their source tables). PostgreSQL copies
each table with COPY in its text format, which round-trips every column type. Foreign keys are
deferred (Django creates them so), so the order of the tables does not matter inside the one
transaction a restore runs in.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    vendor: str
    tables: dict = field(default_factory=dict)  # table -> (columns, rows) or COPY payload
    virtual: dict = field(default_factory=dict)  # SQLite FTS5 table -> (columns, rows)
    emptied: list = field(default_factory=list)  # SQLite FTS5 tables that triggers refill


def quote(name):
    return connection.ops.quote_name(name)


def django_tables():
    return sorted(connection.introspection.django_table_names(only_existing=True,
                                                              include_views=False))


def sqlite_tables(cursor):
    """(plain tables, FTS5 tables to copy by rowid, FTS5 tables that triggers keep).

    A trigger-kept FTS5 table refills itself while its source table is restored, so it is only
    emptied; copying it as well would index every row twice."""
    cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
    rows = cursor.fetchall()
    virtual = {name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")}
    triggers = " ".join(sql or "" for name, sql in rows
                        if (sql or "").upper().startswith("CREATE TRIGGER"))
    kept = {name for name in virtual if name in triggers}
    plain = [name for name in django_tables() if name not in virtual]
    return plain, sorted(virtual - kept), sorted(kept)


def take():
    """Everything in the database now."""
    snapshot = Snapshot(vendor=connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            for table in django_tables():
                payload = bytearray()
                with raw.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    for chunk in copy:
                        payload += chunk
                snapshot.tables[table] = bytes(payload)
        else:
            plain, virtual, snapshot.emptied = sqlite_tables(cursor)
            for table in plain:
                cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - our table names
                columns = [column[0] for column in cursor.description]
                snapshot.tables[table] = (columns, cursor.fetchall())
            for table in virtual:
                cursor.execute(f"SELECT rowid, * FROM {quote(table)}")  # noqa: S608
                columns = [column[0] for column in cursor.description]
                snapshot.virtual[table] = (columns, cursor.fetchall())
    return snapshot


def restore(snapshot):
    """Make the database hold exactly what it held when ``snapshot`` was taken. Works inside a
    test's transaction (it is rolled back with the test) and in autocommit (live-server tests)."""
    assert snapshot.vendor == connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred checks from earlier in the test.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in snapshot.tables))
            raw = cursor.cursor
            for table, payload in snapshot.tables.items():
                if payload:
                    with raw.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(payload)
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        else:
            for table in [*snapshot.tables, *snapshot.virtual, *snapshot.emptied]:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            for table, (columns, rows) in [*snapshot.tables.items(), *snapshot.virtual.items()]:
                insert(cursor, table, columns, rows)
    # Per-process caches that hold IDs or rendered pages of whatever was there before.
    ContentType.objects.clear_cache()
    cache.clear()


def insert(cursor, table, columns, rows):
    if not rows:
        return
    # rowid is SQLite's row number, not a column: quoted it would name a missing column.
    names = ", ".join(column if column == "rowid" else quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
