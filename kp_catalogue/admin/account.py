"""The account page's e-mail panel: a new address is set only after it is confirmed from that
address (Wagtail's own e-mail field is switched off with ``WAGTAIL_EMAIL_MANAGEMENT_ENABLED =
False``), and the view behind the confirmation link."""

import logging

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.views.account import BaseSettingsPanel

from kp_catalogue.accounts.email_change import (
    TAKEN,
    InvalidLink,
    address_taken,
    confirm_change,
    request_change,
)

logger = logging.getLogger(__name__)


class EmailChangeForm(forms.ModelForm):
    new_email = forms.EmailField(
        label=gettext_lazy("New e-mail address"), required=False,
        help_text=gettext_lazy("We send a link to the new address; the address changes when "
                               "you open it. Your current address is told about it."),
    )

    class Meta:
        model = get_user_model()
        fields = []

    def clean_new_email(self):
        email = self.cleaned_data.get("new_email", "").strip()
        if not email or email.lower() == (self.instance.email or "").lower():
            return ""
        if address_taken(email, self.instance):
            raise forms.ValidationError(TAKEN)
        return email

    request = None  # set by the panel, to tell the user when the e-mail did not go out

    def save(self, commit=True):
        if self.cleaned_data.get("new_email"):
            try:
                request_change(self.instance, self.cleaned_data["new_email"])
            except Exception:  # noqa: BLE001 - any mail failure: nothing changed, say so
                logger.exception("E-mail change link for user %s could not be sent",
                                 self.instance.pk)
                if self.request is not None:
                    messages.error(self.request, _(
                        "The link to confirm your new e-mail address could not be sent. Your "
                        "address has not changed; please try again later."))
        return self.instance


class EmailChangePanel(BaseSettingsPanel):
    name = "kp_email"
    title = gettext_lazy("E-mail address")
    order = 150
    form_class = EmailChangeForm

    def get_form(self):
        form = super().get_form()
        form.request = self.request
        return form
    template_name = "kp_catalogue/admin/email_panel.html"

    def get_context_data(self):
        return {**super().get_context_data(), "current": self.user.email}


def confirm_email(request, token):
    try:
        confirm_change(request.user, token)
    except InvalidLink as problem:
        return render(request, "kp_catalogue/admin/message.html",
                      {"message": problem.message}, status=problem.status)
    messages.success(request, _("Your e-mail address has been changed."))
    return redirect("wagtailadmin_account")
