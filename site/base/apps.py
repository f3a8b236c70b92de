from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "kpsite.base"
    label = "base"
    verbose_name = _("Site basics")

    def ready(self):
        from wagtail.api.v3.urls import api

        from .api_errors import install

        install(api)
