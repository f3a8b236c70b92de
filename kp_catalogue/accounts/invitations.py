"""Inviting a user to manage a provider organisation: the account, the membership and the
e-mail with a link to set a password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_admin_base_url

from kp_catalogue.accounts.access import forget_cached_ids, providers_group
from kp_catalogue.models import ProviderMembership


def invite_provider_user(email, provider, created_by, *, first_name="", last_name=""):
    """Creates (or reuses) the account for ``email``, puts it in the providers' group and
    links it to ``provider``; a new account gets no password but an e-mail with a link to
    set one. Returns the membership."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email.lower()[:150], email=email, first_name=first_name,
                        last_name=last_name)
            user.set_unusable_password()
            user.save()
        user.groups.add(providers_group())
        membership, _new = ProviderMembership.objects.get_or_create(
            user=user, provider=provider, defaults={"created_by": created_by}
        )
        forget_cached_ids(user)
    if created:
        send_invitation(user, provider)
    return membership


def send_invitation(user, provider):
    link = get_admin_base_url() + reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user)},
    )
    context = {"user": user, "provider": provider, "link": link,
               "login_url": get_admin_base_url() + reverse("wagtailadmin_login")}
    send_mail(
        subject=_("Your account for the catalogue of social services"),
        message=render_to_string("kp_catalogue/emails/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
