from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "kpsite.base"
    label = "base"
    verbose_name = _("Site basics")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.api.v3.urls import api

        from kp_catalogue import caching

        from . import (
            checks,  # noqa: F401 - registers the deploy checks
            navigation,
        )
        from .api_errors import install, install_documentation
        from .models import SiteSettings

        install(api)
        install_documentation(api)
        navigation.connect()

        def settings_saved(sender, created, **kwargs):
            # The footer of every cached catalogue page shows the settings. A row created on
            # first read holds the defaults the page already showed: no need to drop anything.
            if not created:
                caching.invalidate()

        post_save.connect(settings_saved, sender=SiteSettings, weak=False,
                          dispatch_uid="kpsite.base.settings_drop_catalogue_cache")
