"""System checks of the site; ``check --deploy`` runs the deploy ones before a release."""

from django.core.checks import Error, register
from django.utils.translation import gettext as _

from kpsite.base.sites import default_site_is_local


@register("kpsite", deploy=True)
def default_site_address(app_configs, **kwargs):
    # QR codes in printed brochures and links in e-mails would point at the reader's own
    # computer: refuse to deploy until the Site has the public address.
    if not default_site_is_local():
        return []
    return [Error(
        _("The default Wagtail Site still points at localhost."),
        hint=_("Run: python manage.py set_site https://your.public.address"),
        id="kpsite.E001",
    )]
