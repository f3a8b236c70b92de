"""Provider accounts: which user manages which organisation, the invitations that lead there,
and the reminders sent to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kp_catalogue.models.providers import Provider


class ProviderMembership(models.Model):
    """A user account that may manage one provider organisation's profile and services."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="provider_memberships",
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("provider membership")
        verbose_name_plural = _("provider memberships")
        constraints = [models.UniqueConstraint(fields=["user", "provider"],
                                               name="kp_membership_unique_user_provider")]

    def __str__(self):
        return f"{self.user} – {self.provider}"


class ProviderInvitation(models.Model):
    """An editor's invitation of an e-mail address to manage an organisation. It grants nothing
    until the invitee accepts through the signed link sent to that address; ``key`` is part of
    the signed link and changes when the invitation is sent again, so older links stop working."""

    email = models.EmailField(_("e-mail"))
    provider = models.ForeignKey(Provider, verbose_name=_("provider"), on_delete=models.CASCADE,
                                 related_name="invitations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    key = models.CharField(max_length=64, editable=False)
    accepted_at = models.DateTimeField(pgettext_lazy("invitation", "accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("accepted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    revoked_at = models.DateTimeField(pgettext_lazy("invitation", "revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider invitation")
        verbose_name_plural = _("provider invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} – {self.provider}"

    @property
    def status(self):
        # In a context: a bare "accepted" would also translate the consultation's decision
        # ("akceptováno"), since the first app in INSTALLED_APPS wins a shared msgid.
        if self.accepted_at:
            return pgettext_lazy("invitation", "accepted")
        if self.revoked_at:
            return pgettext_lazy("invitation", "revoked")
        if self.expires_at <= timezone.now():
            return pgettext_lazy("invitation", "expired")
        return pgettext_lazy("invitation", "pending")

    @property
    def is_pending(self):
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


class ProviderMedia(models.Model):
    """An organisation's own image and document collection and the group that gives its
    members rights there. Kept apart from ``Provider`` so that publishing an older revision of
    the profile never detaches them."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="media")
    # An editor may delete the collection or the group in Wagtail's admin; the link goes with
    # them and ``ensure_media`` makes new ones when the organisation's form is next opened.
    collection = models.ForeignKey("wagtailcore.Collection", on_delete=models.CASCADE,
                                   related_name="+")
    group = models.ForeignKey("auth.Group", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("media of a provider")

    def __str__(self):
        return str(self.collection)


class StaleReminder(models.Model):
    """One reminder e-mail about services not verified for too long; keeps the reminders
    from repeating every time the command runs."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    service_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("stale data reminder")

    def __str__(self):
        return f"{self.provider_id} {self.sent_at:%Y-%m-%d}"
