"""Data in and out of the catalogue: spreadsheet import and export, django-import-export
resources, the national register sync, and formula escaping shared by every export."""
