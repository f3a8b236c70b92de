"""What every route of the consultation API shares: the problem document of its errors and
the refusal of bodies that are not JSON. Kept apart so that the routers of the consultation
and of following can both use them without importing each other."""

import functools
import json

from django.http import HttpResponse
from django.utils.translation import gettext_lazy
from ninja import Schema


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def json_body(detail):
    """A decorator that refuses any body not declared as JSON, before it is parsed.

    A web page can make a visitor's browser POST ``text/plain`` or a form encoding to any site
    without a CORS preflight; requiring ``application/json`` makes such a cross-site post
    impossible.
    """

    def decorator(run):
        @functools.wraps(run)
        def wrapper(request, *args, **kwargs):
            if request.content_type != "application/json":
                problem = {"type": "about:blank", "title": "Unsupported Media Type",
                           "status": 415, "detail": str(detail)}
                response = HttpResponse(json.dumps(problem, ensure_ascii=False), status=415,
                                        content_type="application/problem+json")
                response["Accept-Post"] = "application/json"
                return response
            return run(request, *args, **kwargs)

        return wrapper

    return decorator


json_only = json_body(gettext_lazy("Send the comment as JSON with the Content-Type header "
                                   "application/json."))
json_request = json_body(gettext_lazy("Send the request as JSON with the Content-Type header "
                                      "application/json."))
