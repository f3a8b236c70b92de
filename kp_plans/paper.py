"""The printable consultation pack of a plan draft: paper as a full channel.

The seed project collected comments "in print, on the web and at frequently visited places".
The pack is what lies in the town hall: the draft with numbered sections and paragraph codes
("3.2"), the comment period, the places that take paper comments, and per section a form to
fill in by hand with a QR code to the same section's web form. Staff later type the code from
the paper form (kp_consultation's paper intake), so the comment lands on the right paragraph.

A tagged PDF (PDF/UA-1) built with WeasyPrint like the settlement, and stored once per version
of what it shows through kp_consultation's stored files (its digest names the file).
"""

from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language

from kp_consultation import conf, stored_files
from kp_consultation.views import section_anchor

QR_SCALE = 3


def section_form_url(draft, base_url, anchor):
    """The absolute address of the web form for one section ('' = the whole draft)."""
    return f"{base_url}{draft.url}#{section_anchor(anchor)}"


def qr_data_uri(url):
    """An SVG QR code (error correction M, readable from a photocopy) as a data: URI."""
    return segno.make(url, error="m").svg_data_uri(scale=QR_SCALE)


def pack_sections(draft, base_url):
    return [{**section, "form_url": (url := section_form_url(draft, base_url, section["anchor"])),
             "qr": qr_data_uri(url)} for section in draft.sections]


def pack_html(draft, base_url):
    font = conf.get("KP_CONSULTATION_PDF_FONT")
    bold = conf.get("KP_CONSULTATION_PDF_FONT_BOLD")
    whole_url = section_form_url(draft, base_url, "")
    return render_to_string("kp_plans/paper_pack.html", {
        "page": draft, "sections": pack_sections(draft, base_url),
        "places": list(draft.comment_places.all()), "whole_url": whole_url,
        "whole_qr": qr_data_uri(whole_url), "generated": timezone.localtime(),
        "font_url": Path(font).as_uri(), "bold_font_url": Path(bold).as_uri(),
    })


def pack_pdf(draft, base_url):
    from weasyprint import HTML  # noqa: PLC0415 - third-party; heavy, loaded only to build

    font_folder = Path(conf.get("KP_CONSULTATION_PDF_FONT")).parent
    return HTML(string=pack_html(draft, base_url), base_url=str(font_folder)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)


def pack_digest(draft, base_url):
    places = list(draft.comment_places.values_list("name", "address", "opening_hours"))
    sections = [(s["anchor"], s["title"], s["body"]) for s in draft.sections]
    return stored_files.content_digest(
        "pack", get_language(), draft.pk, draft.title, draft.version_label, draft.url,
        base_url, draft.comment_period_start, draft.comment_period_end,
        draft.comments_allow_anonymous, sections, places)


def stored_pack(draft, base_url):
    """(storage path, digest); raises stored_files.Busy when it cannot be built now."""
    digest = pack_digest(draft, base_url)
    path = stored_files.ensure(f"kp_plans/tiskovy-balik/{draft.pk}", digest, ".pdf",
                               lambda: pack_pdf(draft, base_url), scope="kp_consultation")
    return path, digest


def pack_filename(draft):
    return f"pripominky-{slugify(draft.title) or draft.pk}.pdf"
