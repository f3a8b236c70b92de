"""The Wagtail admin of the catalogue: snippet viewsets, the per-organisation guard around them,
the providers' allow-list and dashboard, and the editors' import and export views.

Hooks that register all this with Wagtail are in ``kp_catalogue/wagtail_hooks.py``."""
