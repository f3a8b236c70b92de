"""The VM+K microregion's Wagtail site.

This folder is installed as the package ``kpsite`` (see ``package-dir`` in pyproject.toml),
because ``site`` is a standard-library module and cannot be imported under its own name.
"""
