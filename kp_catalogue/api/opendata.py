"""The open-data bundle: one ZIP with the published catalogue as CSV and JSON (the import
format, which other towns can import as is) and as HSDS JSON, with a licence note.

Building it reads the whole catalogue, so it is cached under a key that changes whenever a
published service changes (``catalogue_version``); repeated downloads cost one small query.
"""

import io
import json
import zipfile

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from kp_catalogue.api.hsds import drop_empty, service_full
from kp_catalogue.exchange.spreadsheets import export_rows, render
from kp_catalogue.models import Provider
from kp_catalogue.public.filtering import catalogue_version, public_services

CACHE_SECONDS = 24 * 3600
README = """Katalog sociálních služeb – otevřená data
Stav k {date}.

sluzby.csv, sluzby.json          publikované služby ve formátu importu katalogu
poskytovatele.csv, .json         poskytovatelé publikovaných služeb
hsds/services.json               totéž podle Human Services Data Specification 3.1
                                 (Open Referral), viz https://docs.openreferral.org/

Obsahuje jen veřejné údaje: žádné utajené adresy ani neveřejné kontakty.
"""


def build_bundle():
    services = public_services()
    providers = Provider.objects.filter(pk__in=services.values("provider_id")).order_by("name")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, kind, queryset in [("sluzby", "services", services),
                                     ("poskytovatele", "providers", providers)]:
            headings, rows = export_rows(kind, queryset)
            for file_format in ("csv", "json"):
                archive.writestr(f"{name}.{file_format}", render(headings, rows, file_format))
        archive.writestr("hsds/services.json", json.dumps(
            [drop_empty(service_full(service)) for service in services.order_by("name", "pk")],
            ensure_ascii=False, indent=1))
        archive.writestr("README.txt", README.format(date=timezone.localdate().isoformat()))
    return buffer.getvalue()


@require_GET
def open_data_bundle(request):
    key = f"kp_catalogue:open-data:{catalogue_version()}"
    data = cache.get(key)
    if data is None:
        data = build_bundle()
        cache.set(key, data, CACHE_SECONDS)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="katalog-socialnich-sluzeb.zip"'
    response["Cache-Control"] = "public, max-age=300"
    return response
