"""The outcome of a form submission, carried across the redirect to the one form it belongs to.

Django's messages would show on whichever section renders first; this keeps the message, and
on an error the text the person wrote, next to the form they used.
"""

SESSION_KEY = "kp_consultation_flash"
KEPT_FIELDS = ["section", "text", "author_name", "organisation", "role", "municipality",
               "email", "notify_on_settlement", "consent"]


def put(request, page, section, level, message, data=None, errors=None):
    request.session[SESSION_KEY] = {
        "page": page.pk, "section": section or "", "level": level, "message": message,
        "data": {name: data.get(name, "") for name in KEPT_FIELDS} if data else None,
        "errors": errors or {},
    }


def take(request, page, section):
    """Pop the outcome if it belongs to this page's section (``""`` = the whole document)."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    flash = session.get(SESSION_KEY)
    if not flash or flash["page"] != page.pk or flash["section"] != (section or ""):
        return None
    del session[SESSION_KEY]
    return flash
