from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaseConfig(AppConfig):
    name = "kpsite.base"
    label = "base"
    verbose_name = _("Site basics")

    def ready(self):
        from django.db.models.signals import post_save

        from kp_catalogue import caching

        from .models import SiteSettings

        # The footer of every cached catalogue page shows the site settings.
        post_save.connect(caching.invalidate, sender=SiteSettings,
                          dispatch_uid="kpsite.base.settings_drop_catalogue_cache")
