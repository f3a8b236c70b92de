"""Changing an account's e-mail address only through a link sent to the new address.

The address decides who may accept an invitation to manage an organisation, so nobody may set
an address they cannot read. The signed link names the user, the new address and the current
one: it stops working once the address has changed, and after ``VALID_FOR``. The old address
is told about the request, so a stolen session cannot move an account away unnoticed.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.utils import get_admin_base_url

SALT = "kp_catalogue.email_change"
VALID_FOR = timedelta(days=2)

BROKEN = gettext_lazy("This confirmation link is not valid. Check that you copied it whole.")
EXPIRED = gettext_lazy("This confirmation link has expired. Ask for the change again.")
SPENT = gettext_lazy("This confirmation link has already been used or replaced.")
TAKEN = gettext_lazy("Another account already uses this e-mail address.")


class InvalidLink(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.message = message
        self.status = status


def address_taken(email, user=None):
    others = get_user_model().objects.filter(email__iexact=email.strip())
    if user is not None:
        others = others.exclude(pk=user.pk)
    return others.exists()


def token_for(user, new_email):
    return signing.dumps([user.pk, new_email, user.email], salt=SALT)


def user_id_in(token):
    """The user a token names, without checking its age; ``None`` if it is forged."""
    try:
        return int(signing.loads(token, salt=SALT)[0])
    except (signing.BadSignature, ValueError, TypeError, IndexError):
        return None


def request_change(user, new_email):
    link = get_admin_base_url() + reverse("kp_catalogue_confirm_email",
                                          args=[token_for(user, new_email)])
    context = {"user": user, "new_email": new_email, "link": link,
               "days": VALID_FOR.days}
    send_mail(subject=_("Confirm your new e-mail address"),
              message=render_to_string("kp_catalogue/emails/email_change_confirm.txt", context),
              from_email=None, recipient_list=[new_email])
    if user.email:
        send_mail(subject=_("Your e-mail address is being changed"),
                  message=render_to_string("kp_catalogue/emails/email_change_notice.txt",
                                           context),
                  from_email=None, recipient_list=[user.email])


def confirm_change(user, token):
    """Sets the new address named by ``token`` on ``user``; ``InvalidLink`` otherwise."""
    try:
        pk, new_email, old_email = signing.loads(token, salt=SALT, max_age=VALID_FOR)
    except signing.SignatureExpired as error:
        raise InvalidLink(EXPIRED, 410) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidLink(BROKEN, 404) from error
    if pk != user.pk:
        raise InvalidLink(BROKEN, 404)
    if old_email != user.email:
        raise InvalidLink(SPENT, 410)
    if address_taken(new_email, user):
        raise InvalidLink(TAKEN, 409)
    user.email = new_email
    user.save(update_fields=["email"])
    return user
