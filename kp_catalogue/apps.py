from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpCatalogueConfig(AppConfig):
    name = "kp_catalogue"
    verbose_name = _("Catalogue of social services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.api.v3.urls import api

        from . import caching
        from .api import router

        caching.connect()

        # ready() can run more than once (tests, autoreload); Ninja refuses a second mount.
        if not any(mounted is router for _prefix, mounted in api._routers):
            api.add_router("/catalogue/", router)
