from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpCatalogueConfig(AppConfig):
    name = "kp_catalogue"
    verbose_name = _("Catalogue of social services")
    default_auto_field = "django.db.models.BigAutoField"
