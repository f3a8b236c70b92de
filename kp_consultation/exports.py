"""The settlement table as XLSX, CSV and PDF, and decisions read back from an edited XLSX.

Public exports carry no e-mail or contact: the Resource declares its columns one by one,
so a field added to ``Comment`` later never leaks by default.
"""

from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from . import conf, stored_files
from .links import is_safe_link
from .models import Comment, Decision

# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def defuse(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def undo_defuse(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class DecisionWidget(widgets.Widget):
    """Readers see "částečně akceptováno"; the column accepts that label or the code."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return ""
        for code, label in Decision.choices:
            if value.lower() in {code, str(label).lower()}:
                return code
        raise ValueError(_("Unknown decision \"%(value)s\". Use one of: %(choices)s.") % {
            "value": value, "choices": ", ".join(str(label) for _c, label in Decision.choices)})

    def render(self, value, obj=None, **kwargs):
        return str(Decision(value).label) if value else ""


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return undo_defuse(super().clean(value, row, **kwargs) or "")


class SettlementResource(resources.ModelResource):
    number = fields.Field(attribute="id", column_name=gettext_lazy("Number"),
                          widget=widgets.IntegerWidget())
    section = fields.Field(column_name=gettext_lazy("Section"), readonly=True)
    text = fields.Field(attribute="text", column_name=gettext_lazy("Comment"), readonly=True)
    author = fields.Field(column_name=gettext_lazy("Author"), readonly=True)
    organisation = fields.Field(attribute="organisation",
                                column_name=gettext_lazy("Organisation"), readonly=True)
    role = fields.Field(column_name=gettext_lazy("Role"), readonly=True)
    channel = fields.Field(column_name=gettext_lazy("Channel"), readonly=True)
    received = fields.Field(column_name=gettext_lazy("Received"), readonly=True)
    decision = fields.Field(attribute="decision", column_name=gettext_lazy("Decision"),
                            widget=DecisionWidget())
    decision_reason = fields.Field(attribute="decision_reason",
                                   column_name=gettext_lazy("Reason"), widget=TextWidget())
    responsible_group = fields.Field(attribute="responsible_group",
                                     column_name=gettext_lazy("Responsible group"),
                                     widget=TextWidget())
    cosignatures = fields.Field(attribute="cosigned", column_name=gettext_lazy("Co-signatures"),
                                readonly=True, widget=widgets.IntegerWidget())
    next_section = fields.Field(attribute="next_section",
                                column_name=gettext_lazy("Section in the next draft"),
                                widget=TextWidget())
    next_draft_link = fields.Field(attribute="next_draft_link",
                                   column_name=gettext_lazy("Link to the next draft"),
                                   widget=TextWidget())

    class Meta:
        model = Comment
        fields = ["number", "section", "text", "author", "organisation", "role", "channel",
                  "received", "cosignatures", "decision", "decision_reason",
                  "responsible_group", "next_section", "next_draft_link"]
        import_id_fields = ["number"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, page, **kwargs):
        super().__init__(**kwargs)
        self.page = page
        self.sections = page.consultation_sections()
        self.order = {s.anchor: i for i, s in enumerate(self.sections, start=1)}
        self.successor_anchors = {s.anchor for s in page.successor_sections()}

    def get_queryset(self):
        return Comment.objects.for_settlement().filter(page=self.page).annotate_cosignatures()

    def ordered(self):
        return sorted(self.get_queryset(), key=lambda c: (self.order.get(c.section, 0),
                                                          c.created_at, c.pk))

    def init_instance(self, row=None):
        # Rows describe existing comments only; a new number is a typing error, not a comment.
        raise ValidationError(
            {"number": [_("This consultation has no comment with this number.")]})

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if (instance.decision and instance.decision != Decision.ACCEPTED
                and not instance.decision_reason.strip()):
            errors["decision_reason"] = [_("Give a reason unless the comment is accepted.")]
        if instance.next_section and instance.next_section not in self.successor_anchors:
            errors["next_section"] = [_("The next draft has no such section.")]
        if instance.next_draft_link and not is_safe_link(instance.next_draft_link):
            errors["next_draft_link"] = [_(
                "Enter a path on this site (starting with / or #) or an address on this site "
                "starting with https://.")]
        if errors:
            raise ValidationError(errors)

    def dehydrate_section(self, comment):
        return str(comment.section_title(self.sections))

    def dehydrate_author(self, comment):
        return str(comment.display_author)

    def dehydrate_role(self, comment):
        return str(comment.get_role_display())

    def dehydrate_channel(self, comment):
        return str(comment.get_channel_display())

    def dehydrate_received(self, comment):
        return timezone.localtime(comment.created_at).strftime("%Y-%m-%d %H:%M")

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset if queryset is not None else self.ordered(), **kwargs)
        escaped = [tuple(defuse(value) for value in row) for row in dataset]
        return tablib.Dataset(*escaped, headers=dataset.headers, title=_("Settlement"))


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def settlement_filename(page, file_format):
    return f"vyporadani-{slugify(page.title) or page.pk}.{file_format}"


def export_settlement(page, file_format):
    if file_format not in CONTENT_TYPES:
        raise Http404
    if file_format == "pdf":
        return settlement_pdf(page), CONTENT_TYPES["pdf"]
    dataset = SettlementResource(page).export()
    if file_format == "csv":
        # A byte-order mark, so that spreadsheet programs read the Czech letters as UTF-8.
        return "\ufeff" + dataset.export("csv"), CONTENT_TYPES["csv"]
    return dataset.export("xlsx"), CONTENT_TYPES["xlsx"]


# Everything of a comment that an export shows (see SettlementResource and the PDF template).
SHOWN_FIELDS = ["pk", "section", "text", "author_name", "organisation", "role", "channel",
                "created_at", "cosigned", "decision", "decision_reason", "responsible_group",
                "next_section", "next_draft_link"]


def settlement_digest(page, file_format):
    """Changes whenever anything the export of ``page`` in ``file_format`` shows changes."""
    rows = list(Comment.objects.for_settlement().filter(page=page).annotate_cosignatures()
                .order_by("pk").values_list(*SHOWN_FIELDS))
    sections = [(s.anchor, str(s.title)) for s in page.consultation_sections()]
    return stored_files.content_digest(file_format, get_language(), page.pk, page.title,
                                       page.comments_settled_at, sections, rows)


def stored_settlement(page, file_format):
    """(storage path, digest) of the export, built now if this version is not stored yet.
    Raises stored_files.Busy when it cannot be built now."""
    if file_format not in CONTENT_TYPES:
        raise Http404
    digest = settlement_digest(page, file_format)
    path = stored_files.ensure(
        f"kp_consultation/vyporadani/{page.pk}", digest, f".{file_format}",
        lambda: export_settlement(page, file_format)[0], scope="kp_consultation")
    return path, digest


def settlement_groups(page, comments=None):
    """[(section title, anchor, [comments])] in the document's order, whole document first."""
    if comments is None:
        comments = list(Comment.objects.for_settlement().filter(page=page)
                        .annotate_cosignatures())
    sections = page.consultation_sections()
    groups = [(_("Whole document"), "", [])] + [(s.title, s.anchor, []) for s in sections]
    index = {anchor: rows for _t, anchor, rows in groups}
    for comment in comments:
        index.get(comment.section, index[""]).append(comment)
    return [group for group in groups if group[2]]


def settlement_pdf_html(page, comments=None):
    font = conf.get("KP_CONSULTATION_PDF_FONT")
    bold = conf.get("KP_CONSULTATION_PDF_FONT_BOLD")
    return render_to_string("kp_consultation/settlement_pdf.html", {
        "page": page, "groups": settlement_groups(page, comments),
        "font_url": Path(font).as_uri(), "bold_font_url": Path(bold).as_uri(),
        "generated": timezone.localtime(),
    })


def settlement_pdf(page, comments=None):
    from weasyprint import HTML

    font_folder = Path(conf.get("KP_CONSULTATION_PDF_FONT")).parent
    # Tagged like the brochure (PDF/UA-1): screen readers get headings and reading order.
    return HTML(string=settlement_pdf_html(page, comments), base_url=str(font_folder)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True)
