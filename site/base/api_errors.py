"""Czech problem documents for the whole v3 API.

Wagtail's handlers (wagtail/api/v3/errors.py) answer in RFC 7807 form with English details and
pydantic's English field messages. The public side of this site speaks Czech, so every problem
document keeps Wagtail's shape but carries a Czech ``detail`` and Czech ``msg`` per field.
Messages our own code raised on purpose (already Czech) pass through untouched.
"""

import json

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ValidationError as PydanticValidationError

# Wagtail's and Django's stock English details, replaced by the status's Czech one.
STOCK_DETAILS = {
    "Validation failed", "Authentication required", "Permission denied", "Not found",
    "Cannot parse request body", "Unauthorized", "Forbidden",
}


def status_detail(status):
    return {
        400: _("The request cannot be read. Send valid JSON."),
        401: _("Authentication required: send an API token in the Authorization header."),
        403: _("You do not have permission for this action."),
        404: _("The requested record does not exist."),
        422: _("The request contains invalid data. See errors for each field."),
    }.get(status)


def field_message(error):
    """A Czech sentence for one pydantic error, by its type; the English one if unknown."""
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    messages = {
        "missing": _("This field is required."),
        "string_type": _("Enter text."),
        "string_too_long": _("Enter at most %(max_length)s characters."),
        "string_too_short": _("Enter at least %(min_length)s characters."),
        "string_pattern_mismatch": _("The value has a format that is not allowed."),
        "int_type": _("Enter a whole number."),
        "int_parsing": _("Enter a whole number."),
        "bool_type": _("Enter true or false."),
        "bool_parsing": _("Enter true or false."),
        "float_parsing": _("Enter a number."),
        "greater_than_equal": _("Enter a number greater than or equal to %(ge)s."),
        "greater_than": _("Enter a number greater than %(gt)s."),
        "less_than_equal": _("Enter a number less than or equal to %(le)s."),
        "less_than": _("Enter a number less than %(lt)s."),
        "enum": _("Choose one of: %(expected)s."),
        "literal_error": _("Choose one of: %(expected)s."),
        "date_parsing": _("Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
        "datetime_parsing": _("Enter a date and time in ISO 8601 form."),
        "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 form."),
        "list_type": _("Enter a list."),
        "dict_type": _("Enter an object."),
        "model_attributes_type": _("Enter an object."),
        "extra_forbidden": _("This field is not allowed."),
        "json_invalid": _("The request cannot be read. Send valid JSON."),
    }
    template = messages.get(kind)
    if template is None:
        return error.get("msg", "")
    try:
        return template % ctx
    except (KeyError, TypeError, ValueError):
        return error.get("msg", "")


def czech_problem(response):
    """Rewrite one problem+json response in place; anything else is returned as it is."""
    if not response.get("Content-Type", "").startswith("application/problem+json"):
        return response
    problem = json.loads(response.content)
    detail = problem.get("detail", "")
    if detail in STOCK_DETAILS or (detail.startswith("No ") and detail.endswith(" matches the given query.")):
        problem["detail"] = status_detail(response.status_code) or detail
    for error in problem.get("errors") or []:
        if "type" in error:
            error["msg"] = field_message(error)
    response.content = json.dumps(problem, ensure_ascii=False).encode()
    return response


def install(api):
    """Wrap the handlers the API already has; safe to call more than once."""
    if getattr(api, "_kpsite_czech_problems", False):
        return
    for exception in (NinjaValidationError, PydanticValidationError, DjangoValidationError,
                      Http404, HttpError, PermissionDenied):
        original = api._exception_handlers.get(exception)
        if original is None:
            continue

        def handler(request, exc, original=original):
            return czech_problem(original(request, exc))

        api.add_exception_handler(exception, handler)
    api._kpsite_czech_problems = True


PROBLEM_TYPE = "application/problem+json"
# RFC 9457 fields; ``errors`` differs by handler (Wagtail's list of field errors, the comment
# API's map of field -> messages), so it is left open.
PROBLEM_SCHEMA = {
    "title": "ProblemDocument",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {},
    },
}


BIGGEST = 2**63 - 1


def bound_integers(schema):
    """An integer without a documented range gets the one the site enforces for every route
    (kpsite.base.middleware): a database integer, 64 bits."""
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("type") == "integer":
            if "maximum" not in option and "exclusiveMaximum" not in option:
                option["maximum"] = BIGGEST
            if "minimum" not in option and "exclusiveMinimum" not in option:
                option["minimum"] = -BIGGEST


def document_problems(schema):
    """Every error answer of the API is a problem document, so the OpenAPI document says so:
    documented 4xx/5xx bodies are ``application/problem+json``, and every operation documents
    the 4XX range that the handlers above produce (validation, not found, permission)."""
    schema.setdefault("components", {}).setdefault("schemas", {})
    schema["components"]["schemas"].setdefault("ProblemDocument", PROBLEM_SCHEMA)
    generic = {"$ref": "#/components/schemas/ProblemDocument"}
    # Wagtail marks public routes with an "AllowAnonymous" http scheme that has no ``scheme``:
    # clients (and schemathesis) read it as "send an Authorization header". OpenAPI's way to
    # say "no authentication needed" is an empty requirement, so that is what it becomes.
    schemes = schema["components"].get("securitySchemes") or {}
    schemes.pop("AllowAnonymous", None)
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters") or []:
                bound_integers(parameter.get("schema") or {})
            if "security" in operation:
                operation["security"] = [{} if "AllowAnonymous" in requirement else requirement
                                         for requirement in operation["security"]]
            responses = operation["responses"]
            for status, response in responses.items():
                if str(status)[0] not in "45":
                    continue
                content = response.get("content") or {}
                body = content.pop("application/json", None)
                if body is not None or not content:
                    content[PROBLEM_TYPE] = body or {"schema": generic}
                response["content"] = content
            responses.setdefault("4XX", {
                "description": _("The request cannot be served; the problem document says why."),
                "content": {PROBLEM_TYPE: {"schema": generic}},
            })
    return schema


def install_documentation(api):
    if getattr(api, "_kpsite_problem_documents", False):
        return
    original = api.get_openapi_schema

    def get_openapi_schema(*args, **kwargs):
        return document_problems(original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
    api._kpsite_problem_documents = True
