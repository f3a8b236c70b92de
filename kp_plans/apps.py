"""App configuration of the community plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpPlansConfig(AppConfig):
    name = "kp_plans"
    verbose_name = _("Community plans")
    default_auto_field = "django.db.models.BigAutoField"
