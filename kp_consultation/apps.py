from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpConsultationConfig(AppConfig):
    name = "kp_consultation"
    verbose_name = _("Public consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.api.v3.urls import api
        from wagtail.signals import page_published

        from . import api as consultation_api
        from . import caching
        from .settlement import restore_after_publish

        consultation_api.register(api)
        caching.connect()
        page_published.connect(restore_after_publish,
                               dispatch_uid="kp_consultation.restore_after_publish")
