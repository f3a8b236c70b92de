"""Input every view can trust: bodies within their limit, integers within 64 bits, searches
in plain words.

Request bodies over the limit answer 413 before they are read.

Django refuses a large body only when a view reads it, and then as a 400 (runserver even shows a
500 for some paths); gunicorn passes any size through. This middleware, first in MIDDLEWARE,
compares the declared Content-Length with the limit before anything reads the body, reads a
chunked body without Content-Length only up to the limit, and turns Django's own
``RequestDataTooBig`` (raised later, e.g. for many form fields) into the same 413. The API gets
a Czech problem document, everything else a small Czech page.

Limits: ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for every body, except multipart uploads to the admin
(images, documents, catalogue imports, the register file), which may reach
``KPSS_MAX_UPLOAD_BYTES`` (default 128 MB; never less than the register limit).

Integers: a database column holds at most 64 bits, and a larger number in a query parameter or
a path segment is an SQL error (SQLite "datatype mismatch", PostgreSQL "out of range") in every
route that filters by it, ours and Wagtail's stock API alike. Any such value answers 400 here,
for every route at once. Ranges narrower than that (ge/le) are in each route's own schema.

Searches: NUL cannot be sent to PostgreSQL, and quotes, brackets and FTS5 operators are SQL
syntax to SQLite's full-text search. NUL and control characters are dropped from every query
parameter; ``search`` under /api/ (Wagtail's pages, images and documents) is reduced to plain
words as the site search does (``kpsite.base.search.search_terms``).
"""

import io
import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kp_catalogue.exchange.register import max_register_bytes
from kpsite.base.search import CONTROL, search_terms

DEFAULT_MAX_UPLOAD_BYTES = 128 * 1024 * 1024
UPLOAD_PREFIXES = ("/admin/", "/django-admin/")
INTEGER = re.compile(r"\s*[+-]?\d+\s*")
# Free text, never an id or a count: digits there are what someone searches for.
TEXT_PARAMETERS = {"q", "search", "text"}
BIGGEST = 2**63 - 1
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


def refuse(request, status, title, detail):
    if request.path.startswith("/api/"):
        problem = {"type": "about:blank", "title": title, "status": status, "detail": detail}
        return HttpResponse(json.dumps(problem, ensure_ascii=False), status=status,
                            content_type="application/problem+json")
    page = render_to_string("base/request_error.html", {"title": title, "detail": detail})
    return HttpResponse(page, status=status)


def too_large(request, limit):
    megabytes = round(limit / 1024 / 1024, 1) if limit != float("inf") else 0
    return refuse(request, 413, _("The request is too large"),
                  _("The request is larger than the %(size)s MB this address accepts.")
                  % {"size": megabytes})


def out_of_range(value):
    if not INTEGER.fullmatch(value):
        return False
    digits = value.strip().lstrip("+-").lstrip("0")
    # int() of thousands of digits is itself refused by Python: length decides first.
    return len(digits) > 19 or abs(int(value)) > BIGGEST


def bad_integer(request, name):
    return refuse(request, 400, _("Invalid request"),
                  _("The value of %(name)s must be a whole number from %(low)s to %(high)s.")
                  % {"name": name, "low": -BIGGEST, "high": BIGGEST})


def clean_parameters(request):
    """400 for an out-of-range integer anywhere in the address; otherwise the query without
    control characters (and with a plain-word ``search`` under /api/)."""
    for segment in request.path.split("/"):
        if segment and out_of_range(segment):
            return bad_integer(request, _("a part of the address"))
    changed = False
    try:
        cleaned = request.GET.copy()
    except TooManyFieldsSent:
        return refuse(request, 400, _("Invalid request"),
                      _("The address has more parameters than %(count)s.")
                      % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS})
    for name, values in request.GET.lists():
        new_values = []
        for value in values:
            if name not in TEXT_PARAMETERS and out_of_range(value):
                return bad_integer(request, name)
            new = CONTROL.sub("", value)
            if name == "search" and request.path.startswith("/api/"):
                new = search_terms(new)
            new_values.append(new)
        if new_values != values:
            cleaned.setlist(name, new_values)
            changed = True
    if changed:
        cleaned._mutable = False
        request.GET = cleaned
    return None


class InputLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = clean_parameters(request)
        if refused is not None:
            return refused
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
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if (request.path.startswith("/api/") and response.status_code >= 400
                and content_type.startswith("application/json")):
            # Every error of the API is a problem document (RFC 9457) and documented as one;
            # routes that answer their own errors with plain JSON get the right type here.
            response["Content-Type"] = "application/problem+json" + content_type[16:]
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
        return None
