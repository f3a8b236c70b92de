"""The address of the Wagtail Site: the root URL of QR codes in the brochure, of page links in
the API and of links in e-mails. Wagtail's first migration leaves it at ``localhost:80``."""

from urllib.parse import urlsplit

from django.db import DatabaseError
from django.utils.translation import gettext as _
from wagtail.models import Site

LOCAL_HOSTNAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def parse_site_url(url):
    """``https://host[:port]`` → ``(hostname, port)``; ValueError with a Czech message."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in ("http", "https") or not parts.hostname or port == -1 \
            or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(_("Give the site's address as https://host or https://host:port, "
                           "not %(url)s.") % {"url": url})
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def set_default_site(url, root_page=None, site_name=None):
    """Point the default Site at ``url``; creates it when there is none and ``root_page`` is
    given."""
    hostname, port = parse_site_url(url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        if root_page is None:
            raise ValueError(_("There is no default site; run load_demo or create it in the "
                               "admin first."))
        site = Site(is_default_site=True, root_page=root_page)
    site.hostname, site.port = hostname, port
    if root_page is not None:
        site.root_page = root_page
    if site_name:
        site.site_name = site_name
    site.save()
    return site


def default_site_is_local():
    """True when the default Site still points at this machine; False also when the database
    is not migrated yet (nothing to judge before the first ``migrate``)."""
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return False
    return site is not None and site.hostname in LOCAL_HOSTNAMES
