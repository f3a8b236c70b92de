"""Admin views for editors: spreadsheet import (upload -> preview -> confirm), export, register
sync and the brochure. All require the explicit ``kp_catalogue.import_catalogue`` permission;
access to the admin alone is not enough.

The uploaded file waits between preview and confirmation in import-export's temporary storage
(by default ``MediaStorage``: the default file storage, shared by every app server), and only its
name travels, in the session. The confirmation reads and checks the file again.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kp_catalogue.admin.viewsets import ServiceFilterSet
from kp_catalogue.api.hsds import make_id
from kp_catalogue.exchange.importing.reading import max_upload_bytes
from kp_catalogue.exchange.imports import import_file
from kp_catalogue.exchange.register import max_register_bytes
from kp_catalogue.exchange.spreadsheets import FORMATS, export_file
from kp_catalogue.models import Service
from kp_catalogue.public.brochure import brochure_pdf
from kp_catalogue.public.filtering import ServiceFilter, public_services
from kp_catalogue.public.page import CatalogueIndexPage

PERMISSION = "kp_catalogue.import_catalogue"
SESSION_KEY = "kp_catalogue_import"
KINDS = {"services": gettext_lazy("Services"),
         "locations": gettext_lazy("Places of the services (hours, accessibility)"),
         "providers": gettext_lazy("Providers")}
FILENAMES = {"services": "sluzby", "locations": "mista", "providers": "poskytovatele"}
UPLOAD_KINDS = {**KINDS, "register": gettext_lazy("Register of providers (open-data JSON)")}


def editors_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper


def temporary_storage(**kwargs):
    path = getattr(settings, "KP_CATALOGUE_IMPORT_STORAGE",
                   "import_export.tmp_storages.MediaStorage")
    return import_string(path)(**kwargs)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file contains"),
                             choices=list(UPLOAD_KINDS.items()))
    file = forms.FileField(label=gettext_lazy("File (CSV, XLSX or JSON)"))
    force = forms.BooleanField(
        label=gettext_lazy("Register: accept a sharp change in the number of services"),
        required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        # The register is one national file with its own, higher limit.
        limit = max_register_bytes() if cleaned.get("kind") == "register" else max_upload_bytes()
        if upload is not None and upload.size > limit:
            self.add_error("file", _("The file is larger than %(size)s MB.")
                           % {"size": round(limit / 1024 / 1024, 1)})
        return cleaned


def store_upload(request, kind, filename, data, force):
    previous = request.session.pop(SESSION_KEY, None)
    if previous:
        forget_upload(previous)
    storage = temporary_storage()
    storage.save(data)
    request.session[SESSION_KEY] = {"name": storage.name, "kind": kind, "filename": filename,
                                    "force": force}


def forget_upload(stored):
    try:
        temporary_storage(name=stored["name"]).remove()
    except OSError:
        pass


def render_import(request, form, plan=None, stored=None):
    return TemplateResponse(request, "kp_catalogue/admin/import.html", {
        "form": form, "plan": plan, "stored": stored, "formats": sorted(FORMATS),
        "kinds": KINDS.items(),
    })


@editors_only
def import_view(request):
    if request.method != "POST":
        return render_import(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_import(request, form)
    upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
    force = form.cleaned_data["force"]
    data = upload.read()
    plan = import_file(kind, data, upload.name, user=request.user, dry_run=True, force=force)
    stored = None
    if not plan.has_errors and plan.changes:
        store_upload(request, kind, upload.name, data, force)
        stored = request.session[SESSION_KEY]
    return render_import(request, UploadForm(initial={"kind": kind}), plan, stored)


@editors_only
def import_confirm(request):
    if request.method != "POST":
        return redirect("kp_catalogue_import")
    stored = request.session.pop(SESSION_KEY, None)
    if not stored:
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("kp_catalogue_import")
    try:
        data = temporary_storage(name=stored["name"]).read()
    except OSError:
        messages.error(request, _("The uploaded file has expired; upload it again."))
        return redirect("kp_catalogue_import")
    forget_upload(stored)
    plan = import_file(stored["kind"], data, stored["filename"], user=request.user,
                       force=stored.get("force", False))
    if plan.has_errors:
        messages.error(request, _("The data changed since the preview; nothing was imported."))
        return render_import(request, UploadForm(initial={"kind": stored["kind"]}), plan)
    counts = plan.counts
    messages.success(request, _("Imported: %(new)s new, %(update)s updated, %(unchanged)s "
                                "unchanged.") % counts)
    return redirect("kp_catalogue_import")


@editors_only
def export_view(request, kind, file_format):
    if kind not in KINDS or file_format not in FORMATS:
        raise PermissionDenied
    queryset = None
    if kind in ("services", "locations"):
        # The same filters as the services listing, so "export what I see" works (for places:
        # the places of those services).
        # The request lets the organisation filter list the editor's organisations; without
        # it that filter was silently ignored.
        queryset = ServiceFilterSet(request.GET, queryset=Service.objects.all(),
                                    request=request).qs
    response = HttpResponse(export_file(kind, file_format, queryset),
                            content_type=FORMATS[file_format])
    filename = FILENAMES[kind]
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@editors_only
def brochure_view(request):
    """The brochure of the catalogue filtered with the public page's parameters (kategorie,
    druh, skupina, obec, ...), linking to the first published catalogue page."""

    page = CatalogueIndexPage.objects.live().first()
    if page is not None:
        page = page.specific
        base = page.full_url or ""

        def service_url(service):
            return base + page.reverse_subpage("service", args=[service.pk, service.slug])
    else:
        def service_url(service):
            return request.build_absolute_uri(f"/api/hsds/services/{make_id('service', service.pk)}")

    services = ServiceFilter.from_query_dict(request.GET).apply(public_services())
    title = page.title if page is not None else _("Catalogue of social services")
    response = HttpResponse(brochure_pdf(services, service_url, title),
                            content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="katalog-socialnich-sluzeb.pdf"'
    return response
