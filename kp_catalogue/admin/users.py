"""Wagtail's user admin with e-mail addresses unique regardless of case, so an editor creating
or editing an account gets a form error rather than the database index's refusal (migration
0006). Installed through ``kp_catalogue.apps.WagtailUsersConfig``."""

from django import forms
from django.contrib.auth import get_user_model
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_users

from kp_catalogue.accounts.email_change import TAKEN


class UniqueEmailMixin:
    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip()
        others = get_user_model().objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if email and others.exists():
            raise forms.ValidationError(TAKEN)
        return email


class UserCreationForm(UniqueEmailMixin, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(UniqueEmailMixin, wagtail_forms.UserEditForm):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
