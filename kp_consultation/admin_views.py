"""Admin views that wagtail-modeladmin has no place for: bulk moderation, settlement, import."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import caching
from .mixins import ConsultationState
from .models import Comment, Status, consultation_page_models
from .paper import PaperCommentForm
from .public import summary
from .settlement import settle, settlement_problems

PERMISSION = "kp_consultation.change_comment"


def column(label):
    def decorate(method):
        method.short_description = label
        return method
    return decorate


def consultation_pages():
    pages = []
    for model in consultation_page_models():
        pages.extend(model.objects.all())
    return sorted(pages, key=lambda page: page.title)


def get_page(page_id):
    for page in consultation_pages():
        if page.pk == page_id:
            return page
    raise Http404


@permission_required(PERMISSION, raise_exception=True)
def overview(request):
    rows = []
    for page in consultation_pages():
        counts = {status: Comment.objects.filter(page=page, status=status).count()
                  for status in Status.values}
        rows.append({"page": page, "state": page.consultation_state(), "counts": counts,
                     "undecided": Comment.objects.for_settlement()
                     .filter(page=page, decision="").count()})
    return TemplateResponse(request, "kp_consultation/admin/overview.html", {
        "rows": rows, "index_url": reverse("kp_consultation_comment_modeladmin_index"),
    })


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def bulk_moderate(request):
    back = request.POST.get("next") or reverse("kp_consultation_comment_modeladmin_index")
    if not back.startswith("/admin/"):
        back = reverse("kp_consultation_comment_modeladmin_index")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    action = request.POST.get("action")
    reason = request.POST.get("reason", "").strip()
    targets = {"publish": Status.PUBLISHED, "reject": Status.REJECTED, "spam": Status.SPAM,
               "pending": Status.PENDING}
    if not ids:
        messages.error(request, _("Select at least one comment."))
        return redirect(back)
    if action not in targets:
        messages.error(request, _("Choose what to do with the selected comments."))
        return redirect(back)
    if action == "reject" and not reason:
        messages.error(request, _("Give a reason for rejecting the comments; it is shown in "
                                  "place of each of them."))
        return redirect(back)
    updated = Comment.objects.filter(pk__in=ids).update(
        status=targets[action], moderation_reason=reason if action == "reject" else "",
        moderated_at=timezone.now(), moderated_by=request.user)
    # update() sends no signals: drop the cached comment lists of the pages concerned.
    caching.invalidate(*Comment.objects.filter(pk__in=ids).values_list("page_id", flat=True))
    messages.success(request, _("%(count)s comments updated.") % {"count": updated})
    return redirect(back)


def _can_settle(user, page):
    return user.has_perm(PERMISSION) and page.permissions_for_user(user).can_publish()


def settle_view(request, page_id):
    page = get_page(page_id)
    if not _can_settle(request.user, page):
        raise PermissionDenied
    if request.method == "POST":
        table_url = request.build_absolute_uri(page.url + "#vyporadani") if page.url else ""
        try:
            notified = settle(page, request.user, table_url)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The consultation is settled; the table is public. "
                                        "%(count)s commenters were notified.") % {
                                            "count": notified})
            return redirect("kp_consultation_overview")
    return TemplateResponse(request, "kp_consultation/admin/settle.html", {
        "page": page, "problems": settlement_problems(page), "summary": summary(page),
    })


@permission_required(PERMISSION, raise_exception=True)
def paper_intake(request, page_id):
    """Type in paper comments one after another, each by its printed section/paragraph code."""
    page = get_page(page_id)
    if page.consultation_state() == ConsultationState.SETTLED:
        messages.error(request, _("The consultation is settled; no more comments can be "
                                  "entered."))
        return redirect("kp_consultation_overview")
    form = PaperCommentForm(request.POST or None, page=page)
    if request.method == "POST" and form.is_valid():
        comment = form.save()
        messages.success(request, _("Paper comment no. %(number)s saved to: %(place)s.") % {
            "number": comment.pk, "place": comment.section_title(page.consultation_sections())
            + (f" ({form.cleaned_data['code'].strip()})" if comment.paragraph else "")})
        return redirect("kp_consultation_paper", page_id=page.pk)
    return TemplateResponse(request, "kp_consultation/admin/paper.html", {
        "page": page, "form": form, "sections": page.consultation_sections(),
    }, status=400 if form.errors else 200)


SESSION_KEY = "kp_consultation_import"


def import_decisions(request, page_id):
    """Upload an edited XLSX export, preview the changes (dry run), then confirm."""
    import tablib

    from .exports import SettlementResource

    page = get_page(page_id)
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    context = {"page": page}
    if request.method == "POST":
        if "confirm" in request.POST:
            stored = request.session.get(SESSION_KEY)
            if not stored or stored["page"] != page.pk:
                messages.error(request, _("Upload the file again."))
                return redirect("kp_consultation_import", page_id=page.pk)
            content = base64.b64decode(stored["content"])
            dry_run = False
        else:
            upload = request.FILES.get("file")
            if upload is None or not upload.name.lower().endswith(".xlsx"):
                messages.error(request, _("Choose an XLSX file exported from the settlement."))
                return TemplateResponse(request, "kp_consultation/admin/import.html", context)
            content = upload.read()
            dry_run = True
        try:
            dataset = tablib.Dataset().load(content, format="xlsx")
        except Exception:  # noqa: BLE001 - any unreadable upload gets the same answer
            messages.error(request, _("The file could not be read as XLSX."))
            return TemplateResponse(request, "kp_consultation/admin/import.html", context)
        resource = SettlementResource(page)
        with transaction.atomic():
            result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False,
                                          rollback_on_validation_errors=True)
        context["result"] = result
        context["rows"] = [
            {"number": row.object_id, "type": row.import_type,
             "errors": [str(e.error) for e in row.errors] + (
                 row.validation_error.messages if row.validation_error else [])}
            for row in result.rows
        ]
        context["has_errors"] = result.has_errors() or result.has_validation_errors()
        if dry_run:
            if not context["has_errors"]:
                request.session[SESSION_KEY] = {
                    "page": page.pk, "content": base64.b64encode(content).decode()}
            context["preview"] = True
        else:
            request.session.pop(SESSION_KEY, None)
            if context["has_errors"]:
                messages.error(request, _("Nothing was imported: the file has errors."))
            else:
                messages.success(request, _("Decisions imported."))
                return redirect("kp_consultation_overview")
    return TemplateResponse(request, "kp_consultation/admin/import.html", context)
