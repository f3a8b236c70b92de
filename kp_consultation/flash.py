"""The outcome of a form submission, shown next to the one form it belongs to.

Nothing is written to the session, so a flood of refused POSTs cannot fill ``django_session``
and no name or e-mail waits there:

- a refused comment is answered at once (4xx) with the page rendered again, the person's text
  and the error next to the form they used; the data lives only in that response;
- an accepted comment redirects (Post/Redirect/Get) with a short-lived signed code in the
  address that names the page, the section and the outcome, never the comment's content.
"""

from django.core import signing

from . import conf

PARAM = "odeslano"
SALT = "kp_consultation.sent"
KEPT_FIELDS = ["section", "paragraph", "text", "author_name", "organisation", "role", "municipality",
               "email", "consent"]
REQUEST_ATTRIBUTE = "_kp_consultation_flash"


def put_refusal(request, page, section, message, data, errors):
    """Keep a refusal for the page rendered in this same response."""
    setattr(request, REQUEST_ATTRIBUTE, {
        "page": page.pk, "section": section or "", "level": "error", "message": message,
        "data": {name: data.get(name, "") for name in KEPT_FIELDS},
        "errors": errors or {},
    })


def success_code(page, section, status):
    return signing.dumps({"p": page.pk, "s": section or "", "st": status}, salt=SALT,
                         compress=True)


def read_success_code(code):
    try:
        return signing.loads(code, salt=SALT, max_age=conf.get("KP_CONSULTATION_SENT_MAX_AGE"))
    except signing.BadSignature:
        return None


def take(request, page, section, success_message):
    """The outcome for this page's section (``""`` = the whole document), shown once."""
    if request is None:
        return None
    section = section or ""
    flash = getattr(request, REQUEST_ATTRIBUTE, None)
    if flash is not None:
        if flash["page"] != page.pk or flash["section"] != section:
            return None
        delattr(request, REQUEST_ATTRIBUTE)
        return flash
    code = request.GET.get(PARAM) if hasattr(request, "GET") else None
    sent = read_success_code(code) if code else None
    if not sent or sent.get("p") != page.pk or sent.get("s") != section:
        return None
    shown = getattr(request, "_kp_consultation_sent_shown", set())
    if section in shown:
        return None
    shown.add(section)
    request._kp_consultation_sent_shown = shown
    return {"page": page.pk, "section": section, "level": "success",
            "message": success_message(sent.get("st")), "data": None, "errors": {}}
