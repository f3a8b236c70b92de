"""Admin forms of the catalogue."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from kp_catalogue.accounts.access import provider_ids_for
from kp_catalogue.accounts.invitations import invite_provider_user, resend, revoke
from kp_catalogue.accounts.media import choosable_images, ensure_media
from kp_catalogue.models import ProviderInvitation, ProviderMembership


class ServiceAdminForm(WagtailAdminModelForm):
    """A provider account may attach a service only to its own organisations; the choice is
    validated here on the server, whatever the browser sends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("provider")
        ids = provider_ids_for(self.for_user) if self.for_user else None
        if field is None or ids is None:
            return
        field.queryset = field.queryset.filter(pk__in=ids)
        # A plain select: the chooser modal would be one more place to list organisations.
        field.widget = forms.Select(choices=field.choices)
        field.error_messages["invalid_choice"] = _(
            "You can only choose an organisation you manage."
        )
        if len(ids) == 1 and not self.instance.pk:
            field.initial = next(iter(ids))


class ProviderAdminForm(WagtailAdminModelForm):
    """The logo must come from the images the user may choose (for a provider account: its
    organisation's collection) or stay as it is; an id typed into the request is checked here,
    on the server."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Remade if an editor deleted the organisation's collection or group.
            ensure_media(self.instance)
        field = self.fields.get("logo")
        if field is None or self.for_user is None:
            return
        allowed = choosable_images(self.for_user).values("pk")
        field.queryset = field.queryset.filter(Q(pk__in=allowed) | Q(pk=self.instance.logo_id))
        field.error_messages["invalid_choice"] = _(
            "Choose an image from your organisation's collection.")

    def clean(self):
        cleaned = super().clean()
        if "logo" in self.errors:
            # The re-shown form must not show the refused image (its title and thumbnail).
            data = self.data.copy()
            data[self.add_prefix("logo")] = self.instance.logo_id or ""
            self.data = data
        return cleaned


class ProviderInvitationForm(WagtailAdminModelForm):
    """Editors invite an e-mail address to manage an organisation; nothing is granted until
    the invitee accepts through the link sent to that address. On an existing invitation the
    editor sends it again (a new link and expiry) or cancels it."""

    RESEND, REVOKE = "resend", "revoke"
    action = forms.ChoiceField(
        label=_("What to do"), required=False, widget=forms.RadioSelect,
        choices=[(RESEND, _("Send the invitation again (the previous link stops working)")),
                 (REVOKE, _("Cancel the invitation"))],
    )

    class Meta:
        model = ProviderInvitation
        fields = ["email", "provider"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].disabled = True
            self.fields["provider"].disabled = True
            self.fields["action"].required = True
        else:
            del self.fields["action"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            if self.instance.accepted_at:
                raise forms.ValidationError(_("This invitation has already been accepted."))
            return cleaned
        email, provider = cleaned.get("email"), cleaned.get("provider")
        if email and provider and ProviderMembership.objects.filter(
                user__email__iexact=email, provider=provider).exists():
            self.add_error("email", _("This user already manages this organisation."))
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance = invite_provider_user(
                self.cleaned_data["email"], self.cleaned_data["provider"], self.for_user)
        elif self.cleaned_data["action"] == self.REVOKE:
            revoke(self.instance)
        else:
            resend(self.instance)
        return self.instance
