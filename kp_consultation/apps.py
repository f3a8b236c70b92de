from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpConsultationConfig(AppConfig):
    name = "kp_consultation"
    verbose_name = _("Public consultation")
    default_auto_field = "django.db.models.BigAutoField"
