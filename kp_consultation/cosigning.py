"""Joining a published comment ("Připojit se") instead of writing the same comment again.

The same defences as a comment (the period, the honeypot, the signed render time, the rate
limit per address) and one co-signature per person and comment where a person can be told
apart without asking for personal data: the browser keeps a random identifier in a signed
cookie, and only a keyed hash of it is stored. Someone who clears cookies can join again; the
rate limit bounds that, and the count is shown as what it is, a signal, not a vote
(docs/consultation.md explains the choice against an e-mail address).

An API caller has no cookie jar to keep: it sends the random identifier itself
(``client_id``), generated once and kept by the client (an app installation, a browser's
local storage). Its keyed hash lives in its own namespace, so an API identifier and a cookie
never count as the same person, and the per-address rate limit bounds a caller that invents a
new identifier for every request exactly as it bounds one who clears cookies.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction

from . import caching
from .models import CoSignature
from .submission import check_period, check_rate_limit, check_web_form

COOKIE = "kpc_podpis"
COOKIE_SALT = "kp_consultation.cosigner"
# A year: long enough to cover a consultation and its settlement.
COOKIE_MAX_AGE = 365 * 24 * 3600


def browser_identifier(request):
    """(identifier, True if new): the random identifier of this browser, from its cookie."""
    value = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT)
    if len(value) == 32:
        return value, False
    return secrets.token_hex(16), True


def signer_key(identifier):
    return hmac.new(settings.SECRET_KEY.encode(), f"cosign:{identifier}".encode(),
                    hashlib.sha256).hexdigest()


def api_signer_key(client_id):
    return signer_key(f"api:{client_id}")


def remember_browser(request, response, identifier):
    response.set_signed_cookie(COOKIE, identifier, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                               httponly=True, samesite="Lax", secure=request.is_secure())


def has_cosigned(comment, signer):
    return CoSignature.objects.filter(comment=comment, signer=signer).exists()


def cosign(page, comment, *, signer, ip, honeypot="", form_token=None, web=True, now=None):
    """Store one co-signature; False when this signer had already joined the comment.
    Raises SubmissionRefused like a refused comment. ``web``: the robot checks of the HTML
    form apply (an API client renders no form; it is refused anything but JSON instead)."""
    check_period(page, now)
    if web:
        check_web_form(honeypot, form_token)
    if has_cosigned(comment, signer):
        return False
    check_rate_limit(ip, scope="cosign")
    try:
        with transaction.atomic():
            CoSignature.objects.create(comment=comment, signer=signer)
    except IntegrityError:
        return False  # the same person's second click raced the first
    caching.invalidate(page.pk)
    return True
