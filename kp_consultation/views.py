"""Public views: the comment form's target and the settlement exports."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import flash, stored_files
from .exports import CONTENT_TYPES, settlement_filename, stored_settlement
from .mixins import ConsultationState
from .models import Channel
from .ratelimit import client_ip
from .submission import SubmissionRefused, consultation_page, passes_restrictions, submit


def section_anchor(section):
    return f"komentare-{section}" if section else "komentare"


@require_http_methods(["GET", "HEAD", "POST"])
def submit_comment(request, page_id):
    page = consultation_page(page_id)
    # Behind a password, login or group restriction only a visitor who may see the page may
    # comment on it (as Wagtail serves the page); anyone else learns nothing, not even that
    # it exists.
    if page is None or not passes_restrictions(page, request):
        raise Http404
    if request.method != "POST":
        # A refused comment was shown at this address; a reload or a link back goes to the page.
        return redirect(page.url)
    section = request.POST.get("section", "")
    if section not in {s.anchor for s in page.consultation_sections()}:
        section = ""
    # Where the reader came from: the section's own form, or the whole-document form.
    origin = request.POST.get("origin", "")
    target = origin if origin in {"", section} else ""
    try:
        comment, _created = submit(
            page, request.POST, channel=Channel.WEB, ip=client_ip(request),
            honeypot=request.POST.get("website", ""),
            form_token=request.POST.get("form_token", ""),
        )
    except SubmissionRefused as refusal:
        # Rendered in this response rather than kept in the session for a redirect: a refused
        # POST (a robot's flood included) must not write a session row.
        flash.put_refusal(request, page, target, refusal.message, request.POST, refusal.errors)
        response = render_page(request, page)
        response.status_code = refusal.status
        return response
    code = flash.success_code(page, target, comment.status)
    return redirect(f"{page.url}?{urlencode({flash.PARAM: code})}#{section_anchor(target)}")


def render_page(request, page):
    """The page as Wagtail serves it at its own address (its index route if routable)."""
    view_page, args, kwargs = page.route(request, [])
    return view_page.serve(request, *args, **kwargs)


def settled_page_for(request, page_id):
    page = consultation_page(page_id)
    if page is None or not passes_restrictions(page, request):
        raise Http404
    if page.consultation_state() != ConsultationState.SETTLED and not (
        request.user.is_authenticated and request.user.is_staff
    ):
        raise PermissionDenied(_("The settlement has not been published yet."))
    return page


@require_GET
def settlement_export(request, page_id, file_format):
    page = settled_page_for(request, page_id)
    try:
        path, digest = stored_settlement(page, file_format)
    except stored_files.Busy as busy:
        return stored_files.busy_response(busy.retry_after)
    return stored_files.serve(request, path, CONTENT_TYPES[file_format],
                              settlement_filename(page, file_format), digest)
