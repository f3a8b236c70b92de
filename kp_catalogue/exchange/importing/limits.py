"""How much an imported spreadsheet may hold, and the byte counter that enforces it as it reads.

A compressed file says little about its content: an XLSX of 800 kB can unpack to 230 MB, and
a single cell can hold 220 MB. Every reader checks these limits while it reads, so a hostile
file is refused after at most the allowed amount of work and memory, never after reading it all.
"""

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Unpacked XML of a full 20,000-row catalogue is about 30 MB; twice that leaves room.
DEFAULT_MAX_UNPACKED_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_ROWS = 20000
DEFAULT_MAX_COLUMNS = 200
# The longest field of the catalogue (a description) is far shorter than this.
DEFAULT_MAX_CELL_CHARS = 50000


class FileRejected(Exception):
    pass


def max_upload_bytes():
    return getattr(settings, "KP_CATALOGUE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_unpacked_bytes():
    return getattr(settings, "KP_CATALOGUE_IMPORT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)


def max_rows():
    return getattr(settings, "KP_CATALOGUE_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def max_columns():
    return getattr(settings, "KP_CATALOGUE_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)


def max_cell_chars():
    return getattr(settings, "KP_CATALOGUE_IMPORT_MAX_CELL_CHARS", DEFAULT_MAX_CELL_CHARS)


def too_many_rows():
    return FileRejected(_("The file has more than %(count)s rows.") % {"count": max_rows()})


def too_many_columns():
    return FileRejected(_("The file has more than %(count)s columns.") % {"count": max_columns()})


def cell_too_long(line=None):
    if line is None:
        return FileRejected(_("A cell is longer than %(count)s characters.")
                            % {"count": max_cell_chars()})
    return FileRejected(_("A cell on line %(line)s is longer than %(count)s characters.")
                        % {"line": line, "count": max_cell_chars()})


def too_large_unpacked():
    return FileRejected(_("The file unpacks to more than %(size)s MB.")
                        % {"size": round(max_unpacked_bytes() / 1024 / 1024, 1)})


class Budget:
    """Bytes that may still be unpacked from one archive, shared by all its members."""

    def __init__(self, limit=None):
        self.left = max_unpacked_bytes() if limit is None else limit

    def spend(self, count):
        self.left -= count
        if self.left < 0:
            raise too_large_unpacked()


class RowCounter:
    """Counts the non-empty rows as they arrive (the heading is one of them)."""

    def __init__(self):
        self.count = 0

    def add(self, row):
        if len(row) > max_columns():
            raise too_many_columns()
        if any(str(cell).strip() for cell in row if cell is not None):
            self.count += 1
            if self.count - 1 > max_rows():
                raise too_many_rows()
