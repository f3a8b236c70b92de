from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardpagesConfig(AppConfig):
    name = "kpsite.standardpages"
    label = "standardpages"
    verbose_name = _("Text pages")
