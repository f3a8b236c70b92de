"""Admin forms of the catalogue."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from kp_catalogue.accounts.access import provider_ids_for
from kp_catalogue.accounts.invitations import invite_provider_user
from kp_catalogue.models import ProviderMembership


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


class ProviderInviteForm(WagtailAdminModelForm):
    """Editors add a provider account by e-mail: a new address gets an account without a
    password and an e-mail with a link to set one; a known address just gets the membership."""

    email = forms.EmailField(label=_("e-mail of the provider's user"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True

    def clean(self):
        cleaned = super().clean()


        email, provider = cleaned.get("email"), cleaned.get("provider")
        if self.instance.pk or not email or not provider:
            return cleaned
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user and ProviderMembership.objects.filter(user=user, provider=provider).exists():
            self.add_error("email", _("This user already manages this organisation."))
        return cleaned

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)

        self.instance = invite_provider_user(
            self.cleaned_data["email"], self.cleaned_data["provider"], self.for_user
        )
        return self.instance
