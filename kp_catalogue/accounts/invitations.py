"""Inviting a user to manage a provider organisation.

An invitation grants nothing by itself: the membership is created only when the invitee opens
the signed, expiring link sent to the invited address and accepts. A new address gets its
account then; an address that already has an account joins only when its owner is logged in
as that account, so the link (which proves the mailbox) and the login (which proves the account)
come together. Nobody can take an organisation by setting someone else's address on their own
account.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.utils import get_admin_base_url

from kp_catalogue.accounts.access import forget_cached_ids, providers_group
from kp_catalogue.models import ProviderInvitation, ProviderMembership

logger = logging.getLogger(__name__)

SALT = "kp_catalogue.invitation"
DEFAULT_DAYS = 7

BROKEN = gettext_lazy("This invitation link is not valid. Check that you copied it whole.")
EXPIRED = gettext_lazy("This invitation has expired. Ask the editors to send it again.")
REPLACED = gettext_lazy("This invitation link has been replaced by a newer one or cancelled. "
                        "Use the link from the latest e-mail.")
USED = gettext_lazy("This invitation has already been accepted. Log in to the administration.")
REVOKED = gettext_lazy("This invitation has been cancelled by the editors.")


class InvalidInvitation(Exception):
    """The link is forged, expired, revoked or already used; ``message`` is for the visitor."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.message = message
        self.status = status


def valid_days():
    return int(getattr(settings, "KP_CATALOGUE_INVITATION_DAYS", DEFAULT_DAYS))


def normalized(email):
    return get_user_model().objects.normalize_email(email).strip()


def user_with_email(email):
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def invite_provider_user(email, provider, created_by):
    """Records an invitation of ``email`` to manage ``provider`` and sends the link; a pending
    invitation of the same address to the same organisation is sent again instead."""
    email = normalized(email)
    invitation = (ProviderInvitation.objects
                  .filter(email__iexact=email, provider=provider, accepted_at=None,
                          revoked_at=None, expires_at__gt=timezone.now()).first())
    if invitation is None:
        invitation = ProviderInvitation(email=email, provider=provider, created_by=created_by)
    return resend(invitation)


def resend(invitation):
    """A new link (older ones stop working) and a new expiry."""
    invitation.key = secrets.token_urlsafe(24)
    invitation.expires_at = timezone.now() + timedelta(days=valid_days())
    invitation.revoked_at = None
    invitation.save()
    # Read by the admin views, which tell the editor when the e-mail did not go out.
    invitation.mail_sent = send_invitation(invitation)
    return invitation


def revoke(invitation):
    invitation.revoked_at = timezone.now()
    invitation.key = secrets.token_urlsafe(24)
    invitation.save(update_fields=["revoked_at", "key"])


def token_for(invitation):
    return signing.dumps([invitation.pk, invitation.key], salt=SALT)


def accept_url(invitation):
    return get_admin_base_url() + reverse("kp_catalogue_accept_invitation",
                                          args=[token_for(invitation)])


def invitation_from_token(token):
    """The pending invitation the link names, or ``InvalidInvitation``."""
    try:
        pk, key = signing.loads(token, salt=SALT, max_age=timedelta(days=valid_days()))
        invitation = ProviderInvitation.objects.select_related("provider").get(pk=int(pk))
    except (signing.BadSignature, ValueError, TypeError, ProviderInvitation.DoesNotExist) as e:
        if isinstance(e, signing.SignatureExpired):
            raise InvalidInvitation(EXPIRED) from e
        raise InvalidInvitation(BROKEN, status=404) from e
    if not constant_time_compare(str(key), invitation.key):
        # Sent again or revoked since: this link was replaced.
        raise InvalidInvitation(REPLACED)
    if invitation.accepted_at:
        raise InvalidInvitation(USED)
    if invitation.revoked_at:
        raise InvalidInvitation(REVOKED)
    if invitation.expires_at <= timezone.now():
        raise InvalidInvitation(EXPIRED)
    return invitation


def accept(invitation, user):
    """Makes ``user`` a manager of the invitation's organisation, once."""
    with transaction.atomic():
        locked = ProviderInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending or locked.key != invitation.key:
            raise InvalidInvitation(USED)
        user.groups.add(providers_group())
        ProviderMembership.objects.get_or_create(
            user=user, provider=locked.provider, defaults={"created_by": locked.created_by})
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        forget_cached_ids(user)
    return locked


def create_account(invitation, *, first_name, last_name, password):
    """The invitee's new account, with the invited address (the link proved the mailbox)."""
    User = get_user_model()
    base = invitation.email.lower()[:140]
    username, suffix = base, 1
    while User.objects.filter(username__iexact=username).exists():
        suffix += 1
        username = f"{base}-{suffix}"
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, email=invitation.email,
                                            password=password, first_name=first_name,
                                            last_name=last_name)
            accept(invitation, user)
    except IntegrityError as error:
        # A second submission of the same form raced this one and made the account.
        raise InvalidInvitation(USED) from error
    return user


def send_invitation(invitation):
    """E-mail the link; False when the mail server failed. The failure is logged and the
    invitation kept, so the editor is told and can send it again instead of getting an error
    page for an invitation that was in fact stored."""
    context = {"invitation": invitation, "provider": invitation.provider,
               "link": accept_url(invitation), "days": valid_days(),
               "login_url": get_admin_base_url() + reverse("wagtailadmin_login")}
    try:
        send_mail(
            subject=_("Invitation to the catalogue of social services"),
            message=render_to_string("kp_catalogue/emails/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except Exception:  # noqa: BLE001 - any mail failure: the invitation is stored, resendable
        logger.exception("Invitation %s could not be e-mailed", invitation.pk)
        return False
    return True
