"""Public views: the comment form's target and the settlement exports."""

from collections import Counter
from urllib.parse import urlencode

import segno
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import cosigning, flash, public, stored_files
from .exports import CONTENT_TYPES, settlement_filename, settlement_groups, stored_settlement
from .mixins import ConsultationState
from .models import Channel, Comment, Decision, Status
from .ratelimit import client_ip
from .submission import (
    SubmissionRefused,
    check_period,
    consultation_page,
    issue_form_token,
    passes_restrictions,
    submit,
)

COSIGNED_PARAM = "pripojeno"
COSIGNED_SALT = "kp_consultation.cosigned"


# The query parameter of the "comment on this paragraph" links: the paragraph's anchor.
PARAGRAPH_PARAM = "odstavec"


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
def settlement_notice(request, page_id):
    """A one-page summary of the settlement for a notice board (printed from the browser),
    with a QR code to the full table online."""
    page = settled_page_for(request, page_id)
    published = [c for c in public.public_comments(page) if c.status == Status.PUBLISHED]
    counts = Counter(c.decision for c in published)
    table_url = request.build_absolute_uri(f"{page.url}#vyporadani")
    return TemplateResponse(request, "kp_consultation/settlement_notice.html", {
        "page": page, "groups": settlement_groups(page, published), "total": len(published),
        "counts": [(label, counts.get(code, 0)) for code, label in Decision.choices],
        "table_url": table_url,
        "qr": segno.make(table_url, error="m").svg_data_uri(scale=4),
    })


@require_GET
def settlement_export(request, page_id, file_format):
    page = settled_page_for(request, page_id)
    try:
        path, digest = stored_settlement(page, file_format)
    except stored_files.Busy as busy:
        return stored_files.busy_response(busy.retry_after)
    return stored_files.serve(request, path, CONTENT_TYPES[file_format],
                              settlement_filename(page, file_format), digest)


def comment_back_url(page, comment):
    """Where the comment is read: its section's list of all comments, else the page."""
    listing = page.section_comments_url(comment.section)
    if listing:
        return f"{listing}#pripominka-{comment.pk}"
    return f"{page.url}#{section_anchor(comment.section)}"


@require_http_methods(["GET", "HEAD", "POST"])
def cosign_comment(request, page_id, comment_id):
    """"Připojit se": a confirmation page with one button (a plain POST form, so it works
    without JavaScript and by keyboard), then Post/Redirect/Get back to this page."""
    page = consultation_page(page_id)
    if page is None or not passes_restrictions(page, request):
        raise Http404
    comment = Comment.objects.filter(pk=comment_id, page_id=page.pk,
                                     status=Status.PUBLISHED).first()
    if comment is None:
        raise Http404
    identifier, new = cosigning.browser_identifier(request)
    signer = cosigning.signer_key(identifier)
    context = {"page": page, "comment": comment, "back_url": comment_back_url(page, comment),
               "error": "", "done": False}
    status = 200
    if request.method == "POST":
        try:
            created = cosigning.cosign(
                page, comment, signer=signer, ip=client_ip(request),
                honeypot=request.POST.get("website", ""),
                form_token=request.POST.get("form_token", ""))
        except SubmissionRefused as refusal:
            context["error"], status = refusal.message, refusal.status
        else:
            code = signing.dumps({"c": comment.pk, "n": created}, salt=COSIGNED_SALT)
            response = redirect(f"{request.path}?{urlencode({COSIGNED_PARAM: code})}")
            if new:
                cosigning.remember_browser(request, response, identifier)
            return response
    else:
        done = read_cosigned(request.GET.get(COSIGNED_PARAM, ""), comment)
        if done is not None:
            context["done"] = True
            context["message"] = (_("Thank you, you have joined the comment.") if done
                                  else _("You had already joined this comment."))
    context["already"] = not context["done"] and cosigning.has_cosigned(comment, signer)
    try:
        check_period(page)
    except SubmissionRefused as refusal:
        context["closed_message"] = refusal.message
    else:
        context["form_token"] = issue_form_token()
    context["count"] = comment.cosignatures.count()
    return TemplateResponse(request, "kp_consultation/cosign.html", context, status=status)


def read_cosigned(code, comment):
    """True/False (joined now / had joined) from the redirect's signed code, else None."""
    if not code:
        return None
    try:
        data = signing.loads(code, salt=COSIGNED_SALT, max_age=600)
    except signing.BadSignature:
        return None
    return bool(data.get("n")) if data.get("c") == comment.pk else None
