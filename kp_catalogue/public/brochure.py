"""The printed catalogue: an A4 PDF (WeasyPrint) of any filtered view of the catalogue, with a
cover, contents by category and one block per service with its public contacts and a QR code
of its live entry. Fonts are embedded (DejaVu, with Czech letters) and the PDF is tagged
(PDF/UA-1) for screen readers.

Rendering costs seconds of CPU, so the public route serves it from the cache. The key is the
set of services the filters select plus the catalogue's version and the date, not the query
string: any number of different queries selecting the same services cost one rendering, and the
key changes as soon as a published service changes.
"""

import hashlib
from pathlib import Path

import segno
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from kp_catalogue.models.taxonomies import ServiceCategory
from kp_catalogue.public.filtering import catalogue_version
from kp_catalogue.ratelimit import count

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MAX_SERVICES = 1000
CACHE_SECONDS = 24 * 3600


def qr_svg(url):
    # segno writes only geometry and our URL (escaped by segno); safe to inline.
    return mark_safe(segno.make(url, error="m").svg_inline(scale=2, border=0))  # noqa: S308


def by_category(services):
    groups = []
    for value, label in ServiceCategory.choices:
        items = [s for s in services if s.service_type.category == value]
        if items:
            groups.append((value, label, items))
    return groups


def brochure_html(services, service_url, title, filter_text=""):
    font = getattr(settings, "KP_CATALOGUE_PDF_FONT", FONT)
    bold = getattr(settings, "KP_CATALOGUE_PDF_FONT_BOLD", FONT_BOLD)
    entries = [(service, service_url(service), qr_svg(service_url(service)))
               for service in services]
    return render_to_string("kp_catalogue/brochure.html", {
        "title": title, "filter_text": filter_text, "date": timezone.localdate(),
        "count": len(entries),
        "groups": [(value, label, [e for e in entries if e[0].service_type.category == value])
                   for value, label, _items in by_category(services)],
        "font_url": Path(font).as_uri(), "bold_font_url": Path(bold).as_uri(),
    })


def render_pdf(html):
    from weasyprint import HTML

    return HTML(string=html, base_url=str(Path(FONT).parent)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)


def brochure_pdf(services, service_url, title, filter_text=""):
    services = list(services[:MAX_SERVICES])
    return render_pdf(brochure_html(services, service_url, title, filter_text))


class BrochureBusy(Exception):
    """Too many different brochures were rendered in the last hour."""


def spend_rendering_budget():
    """Count one new public rendering; BrochureBusy past the hourly limit for the whole site.

    Cached brochures cost nothing, but every different selection of services costs a rendering
    of seconds: without a ceiling, varying the filters would keep the CPU busy."""
    limit = getattr(settings, "KP_CATALOGUE_BROCHURE_RENDERS_PER_HOUR", 30)
    key = f"kp_catalogue:brochure-renders:{timezone.now():%Y%m%d%H}"
    if count(key, 3600) > limit:
        raise BrochureBusy


def cached_brochure_pdf(queryset, service_url, title, filter_text, scope, budget=False):
    """``scope`` tells apart places that link to different URLs (e.g. the page's id);
    ``budget`` counts a new rendering against the site's hourly limit (public requests)."""
    pks = list(queryset.values_list("pk", flat=True)[:MAX_SERVICES])
    digest = hashlib.sha256(
        f"{scope}|{title}|{filter_text}|{timezone.localdate()}|{catalogue_version()}|{pks}"
        .encode()).hexdigest()
    key = f"kp_catalogue:brochure:{digest}"
    pdf = cache.get(key)
    if pdf is None:
        if budget:
            spend_rendering_budget()
        pdf = brochure_pdf(queryset, service_url, title, filter_text)
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf
