"""Template tags a consulted page's template uses to show comments, forms and the settlement.

    {% load kp_consultation %}
    {% consultation_assets %}                 (in the extra_head block)
    {% consultation_summary page %}
    {% consultation_section page section %}   (section: a ConsultationSection or its anchor)
    {% consultation_whole page %}
    {% settlement_table page %}
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .. import caching, kept, public
from .. import flash as flash_store
from ..exports import settlement_groups
from ..forms import CommentForm
from ..links import is_safe_link, site_hosts
from ..mixins import ConsultationSection, ConsultationState
from ..models import Status
from ..submission import SubmissionRefused, check_period, issue_form_token, status_message
from ..views import PARAGRAPH_PARAM, section_anchor

register = template.Library()


def _section(page, section):
    if isinstance(section, ConsultationSection):
        return section
    for candidate in page.consultation_sections():
        if candidate.anchor == section:
            return candidate
    raise template.TemplateSyntaxError(f"{page} has no consultation section {section!r}")


def _closed_message(page):
    try:
        check_period(page)
    except SubmissionRefused as refusal:
        return refusal.message
    return ""


def chosen_paragraph(request, page, anchor):
    """The paragraph a reader chose by its "comment on this paragraph" link (``?odstavec=``),
    if it belongs to this section."""
    wanted = request.GET.get(PARAGRAPH_PARAM, "") if request is not None and hasattr(
        request, "GET") else ""
    if not wanted or not anchor:
        return ""
    section = _section(page, anchor)
    return wanted if section.paragraph(wanted) is not None else ""


def _form_context(context, page, anchor, whole, ideas=False):
    request = context.get("request")
    outcome = flash_store.take(request, page, anchor, status_message)
    form = data = None
    paragraph = chosen_paragraph(request, page, anchor)
    if page.accepts_comments():
        key = anchor or "cely-dokument"
        data = outcome["data"] if outcome and outcome["level"] == "error" else None

        def make_form():
            return CommentForm(data, page=page, section=None if whole else anchor,
                               auto_id=f"kpc-{key}-%s",
                               initial={"section": anchor, "paragraph": paragraph})

        if data is not None:
            form = make_form()
            form.is_valid()
        else:
            # A blank form is only built to render its kept fields (below): the template asks
            # no more of it than whether there is one.
            form = True
    fields_context = {"page": page, "anchor": anchor, "dom_id": section_anchor(anchor),
                      "whole": whole, "form": form, "ideas": ideas}
    form_fields = ""
    if form is True:
        # A blank form is the same for every reader; its tokens stay outside this part.
        form_fields = mark_safe(caching.fetch(  # noqa: S308 - rendered by our template
            page, f"form:{anchor}:{whole}:{paragraph}:{ideas}",
            lambda: render_to_string("kp_consultation/tags/form_fields.html",
                                     {**fields_context, "form": make_form()}),
            comments=False))
    return {
        **fields_context,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form_fields": form_fields,
        "form_token": "" if form is None else (
            kept.FORM_TOKEN_HOLE if kept.keeping(request) else issue_form_token()),
        # A refused comment is answered at this address: the fragment brings the reader back
        # to the form they used.
        "submit_url": reverse("kp_consultation:submit", args=[page.pk])
        + f"#{section_anchor(anchor)}",
        "flash": outcome,
        "closed_message": "" if form is not None else _closed_message(page),
        "paragraph_chosen": bool(paragraph),
        "settled": page.consultation_state() == ConsultationState.SETTLED,
    }


def render_comment_list(page, anchor, comments, settled, is_open):
    """The list of comments, each with the paragraph it is about and its co-signatures."""
    section = _section(page, anchor) if anchor else None
    for comment in comments:
        comment.paragraph_shown = (section.paragraph(comment.paragraph)
                                   if section and comment.paragraph else None)
    return render_to_string("kp_consultation/tags/comment_list.html",
                            {"comments": comments, "settled": settled, "open": is_open})


def _comment_list(page, anchor, latest=None):
    """The rendered list of a section's public comments and their count, cached per page.

    With ``latest`` only the newest few are rendered (the page stays small however long the
    discussion) and the rest are a link away, on the page's ``section_comments_url``."""
    settled = page.decisions_public()
    more_url = page.section_comments_url(anchor) if latest else ""
    is_open = page.accepts_comments()

    def build():
        if more_url:
            # Only the newest are shown: count the rest instead of loading them.
            shown = public.latest_in(page, anchor, latest)
            published, total = public.section_counts(page, anchor)
        else:
            shown = public.comments_in(page, anchor)
            published = sum(1 for c in shown if c.status == Status.PUBLISHED)
            total = len(shown)
        html = render_comment_list(page, anchor, shown, settled, is_open)
        return {"html": html, "count": published, "hidden": total - len(shown)}

    listing = caching.fetch(
        page, f"list:{anchor}:{settled}:{is_open}:{latest if more_url else ''}", build)
    return {"comment_list": mark_safe(listing["html"]),  # noqa: S308
            "count": listing["count"], "hidden": listing["hidden"], "more_url": more_url}


@register.inclusion_tag("kp_consultation/tags/comments.html", takes_context=True)
def consultation_section(context, page, section, level=3, latest=None, collapsed=False):
    """``latest``: show only the newest few comments; ``collapsed``: the form opens from a
    button (a <details> disclosure, so it works without JavaScript)."""
    section = _section(page, section)
    return {
        **_form_context(context, page, section.anchor, whole=False),
        **_comment_list(page, section.anchor, latest),
        "title": section.title,
        "level": level,
        "collapsed": collapsed,
    }


@register.inclusion_tag("kp_consultation/tags/comments.html", takes_context=True)
def consultation_whole(context, page, level=2, latest=None, heading="", ideas=False):
    """``heading`` replaces "Comments on the whole document" (e.g. a working group's ideas);
    ``ideas`` words the form for podněty (a working group's ideas), not připomínky."""
    return {
        **_form_context(context, page, "", whole=True, ideas=ideas),
        **_comment_list(page, "", latest),
        "title": page.title,
        "level": level,
        "heading": heading,
    }


@register.inclusion_tag("kp_consultation/tags/summary.html")
def consultation_summary(page, level=2, show_period=True):
    """Counts by role and section; ``show_period=False`` where the page shows the period itself."""
    return {
        "show_period": show_period,
        "page": page,
        "state": page.consultation_state(),
        "time_left": page.time_left(),
        "summary": caching.fetch(page, "summary", lambda: public.summary(page)),
        "pending": public.pending_count(page),
        "level": level,
    }


@register.inclusion_tag("kp_consultation/tags/settlement.html")
def settlement_table(page, level=2):
    settled = page.consultation_state() == ConsultationState.SETTLED
    groups = []
    if settled:
        published = [c for c in public.public_comments(page) if c.status == Status.PUBLISHED]
        groups = settlement_groups(page, published)
        hosts = site_hosts()
        successors = {s.anchor: s.title for s in page.successor_sections()}
        for _title, _anchor, comments in groups:
            for comment in comments:
                comment.next_section_title = successors.get(comment.next_section, "")
                comment.next_section_url = (page.successor_section_url(comment.next_section)
                                            if comment.next_section in successors else "")
                # Rows saved before links were checked are shown as text, not followed.
                comment.next_draft_href = (comment.next_draft_link if is_safe_link(
                    comment.next_draft_link, hosts) else "")
    return {
        "page": page,
        "settled": settled,
        "groups": groups,
        "level": level,
        "notice_url": reverse("kp_consultation:settlement_notice", args=[page.pk]),
        "exports": [
            (fmt, reverse("kp_consultation:settlement_export", args=[page.pk, fmt]))
            for fmt in ("xlsx", "csv", "pdf")
        ],
    }


@register.inclusion_tag("kp_consultation/tags/assets.html")
def consultation_assets():
    return {}


@register.filter
def comment_anchor(section):
    return section_anchor(section)
