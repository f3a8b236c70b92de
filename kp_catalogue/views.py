"""Admin views of the provider accounts: "data still correct" and inviting a provider user."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log
from wagtail.permissions import policy_registry

from .access import forget_cached_ids, providers_group
from .caching import invalidate
from .models import ProviderMembership, Service

CONFIRM_ACTION = "kp_catalogue.confirm_data"


@require_POST
def confirm_service_data(request, pk):
    """Sets "data verified on" to today on the live row only: a pending draft stays pending
    and nothing else of the published service changes."""
    service = Service.objects.filter(pk=pk).first()
    policy = policy_registry.get_by_type(Service)
    if service is None or not policy.user_has_permission_for_instance(
            request.user, "change", service):
        raise Http404
    today = timezone.localdate()
    with transaction.atomic():
        # updated_at too: the open-data bundle and the brochure are versioned by it.
        Service.objects.filter(pk=service.pk).update(assured_date=today,
                                                     updated_at=timezone.now())
        # update() sends no signal: drop the cached public pages that show the date.
        invalidate()
        service.assured_date = today
        log(instance=service, action=CONFIRM_ACTION, user=request.user)
    messages.success(request, _("The data of '%(name)s' are confirmed as correct.")
                     % {"name": service.name})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)


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
