"""Spreadsheet import of the catalogue: read any file editors have, preview every row, write in
one transaction through Wagtail's revision machinery."""
