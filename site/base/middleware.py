"""Request bodies over the limit answer 413 before they are read.

Django refuses a large body only when a view reads it, and then as a 400 (runserver even shows a
500 for some paths); gunicorn passes any size through. This middleware, first in MIDDLEWARE,
compares the declared Content-Length with the limit before anything reads the body, reads a
chunked body without Content-Length only up to the limit, and turns Django's own
``RequestDataTooBig`` (raised later, e.g. for many form fields) into the same 413. The API gets
a Czech problem document, everything else a small Czech page.

Limits: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for every body, except multipart uploads to the admin
(images, documents, catalogue imports, the register file), which may reach
``KPSS_MAX_UPLOAD_BYTES`` (default 128 MB; never less than the register limit).
"""

import io
import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kp_catalogue.exchange.register import max_register_bytes

DEFAULT_MAX_UPLOAD_BYTES = 128 * 1024 * 1024
UPLOAD_PREFIXES = ("/admin/", "/django-admin/")
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def body_limit(request):
    general = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if general is None:
        general = float("inf")
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.path.startswith(UPLOAD_PREFIXES) and content_type.startswith("multipart/"):
        upload = getattr(settings, "KPSS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)
        return max(general, upload, max_register_bytes())
    return general


def too_large(request, limit):
    megabytes = round(limit / 1024 / 1024, 1) if limit != float("inf") else 0
    detail = _("The request is larger than the %(size)s MB this address accepts.") % {
        "size": megabytes}
    if request.path.startswith("/api/"):
        problem = {"type": "about:blank", "title": "Payload Too Large", "status": 413,
                   "detail": detail}
        return HttpResponse(json.dumps(problem, ensure_ascii=False), status=413,
                            content_type="application/problem+json")
    return HttpResponse(render_to_string("base/413.html", {"detail": detail}, request=None),
                        status=413)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request)
        declared = request.META.get("CONTENT_LENGTH")
        try:
            length = int(declared) if declared else None
        except ValueError:
            length = None
        if length is not None and length > limit:
            return too_large(request, limit)
        if length is None and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            # Django reads no body without Content-Length; read it here, but never past the
            # limit, so the view sees the body a proxy would have given it.
            stream = request.META.get("wsgi.input")
            if stream is not None:
                cap = limit if limit != float("inf") else 2**31
                body = stream.read(cap + 1)
                if len(body) > cap:
                    return too_large(request, limit)
                request.META["CONTENT_LENGTH"] = str(len(body))
                request._stream = LimitedStream(io.BytesIO(body), len(body))
        if request.method == "POST" and request.META.get("CONTENT_TYPE", "").startswith(FORMS):
            # The form fields of a large multipart upload count against
            # DATA_UPLOAD_MAX_MEMORY_SIZE; Django finds out while parsing, often inside the CSRF
            # middleware, where it becomes a 400. Parse here, where it can become a 413.
            try:
                request.POST  # noqa: B018
            except RequestDataTooBig:
                return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        return None
