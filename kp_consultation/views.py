"""Public views: the comment form's target and the settlement exports."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import flash
from .mixins import ConsultationState
from .models import Channel
from .ratelimit import client_ip
from .submission import SubmissionRefused, consultation_page, submit, success_message


def section_anchor(section):
    return f"komentare-{section}" if section else "komentare"


@require_POST
def submit_comment(request, page_id):
    page = consultation_page(page_id)
    if page is None:
        raise Http404
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
        flash.put(request, page, target, "error", refusal.message, request.POST, refusal.errors)
    else:
        flash.put(request, page, target, "success", success_message(comment))
    return redirect(f"{page.url}#{section_anchor(target)}")


def settled_page_for(request, page_id):
    page = consultation_page(page_id)
    if page is None:
        raise Http404
    if page.consultation_state() != ConsultationState.SETTLED and not (
        request.user.is_authenticated and request.user.is_staff
    ):
        raise PermissionDenied(_("The settlement has not been published yet."))
    return page


@require_GET
def settlement_export(request, page_id, file_format):
    from .exports import export_settlement, settlement_filename

    page = settled_page_for(request, page_id)
    content, content_type = export_settlement(page, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{settlement_filename(page, file_format)}"')
    return response
