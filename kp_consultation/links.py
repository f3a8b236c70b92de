"""Which staff-entered links may be shown as links: local paths and addresses on this site.

"Section in the next draft" is typed by staff and published in the settlement. A value such as
``//host``, ``/\\host`` or ``javascript:`` would send the reader elsewhere, so it is refused on
input and, for rows saved before the check, rendered as plain text on output.
"""

import re
from urllib.parse import unquote

from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Site

# Whitespace and control characters: browsers drop tabs and newlines inside a URL, which turns
# "/\t/evil" into "//evil".
UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


def site_hosts():
    """Host names (with and without the port) of every Wagtail Site."""
    hosts = set()
    for hostname, port in Site.objects.values_list("hostname", "port"):
        hosts.add(hostname)
        hosts.add(f"{hostname}:{port}")
    return hosts


def is_safe_link(value, hosts=None):
    """True for ``#anchor``, ``/local/path`` and http(s) addresses on one of ``hosts``."""
    if not value or UNSAFE_CHARACTERS.search(value):
        return False
    decoded = unquote(value)
    if UNSAFE_CHARACTERS.search(decoded):
        return False
    if value.startswith(("#", "/")):
        # An encoded slash or backslash decodes, on some servers, to "//host".
        return not decoded.startswith("//")
    if not value.lower().startswith(("http://", "https://")):
        return False
    return url_has_allowed_host_and_scheme(
        value, allowed_hosts=site_hosts() if hosts is None else hosts)
