"""The public page where an invitee accepts an invitation to manage an organisation: a new
address chooses its name and password, an existing account confirms while logged in."""

from django import forms
from django.contrib.auth import get_user_model, login, password_validation
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from kp_catalogue.accounts.invitations import (
    InvalidInvitation,
    accept,
    create_account,
    invitation_from_token,
    user_with_email,
)

TEMPLATE = "kp_catalogue/accept_invitation.html"


class NewAccountForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    password1 = forms.CharField(label=gettext_lazy("Password"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=gettext_lazy("Password again"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(email=self.email, first_name=cleaned.get("first_name", ""),
                                    last_name=cleaned.get("last_name", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


@sensitive_post_parameters("password1", "password2")
@csrf_protect
@never_cache
def accept_invitation(request, token):
    try:
        invitation = invitation_from_token(token)
    except InvalidInvitation as problem:
        return render(request, TEMPLATE, {"problem": problem.message}, status=problem.status)
    context = {"invitation": invitation, "provider": invitation.provider}
    owner = user_with_email(invitation.email)
    if owner is None:
        form = NewAccountForm(request.POST or None, email=invitation.email)
        if request.method == "POST" and form.is_valid():
            try:
                user = create_account(invitation, first_name=form.cleaned_data["first_name"],
                                      last_name=form.cleaned_data["last_name"],
                                      password=form.cleaned_data["password1"])
            except InvalidInvitation as problem:
                return render(request, TEMPLATE, {"problem": problem.message}, status=410)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return HttpResponseRedirect(reverse("wagtailadmin_home"))
        return render(request, TEMPLATE, {**context, "form": form},
                      status=400 if request.method == "POST" else 200)
    if not request.user.is_authenticated:
        login_url = reverse("wagtailadmin_login") + "?" + urlencode({"next": request.path})
        return render(request, TEMPLATE, {**context, "login_url": login_url})
    if request.user.pk != owner.pk:
        # The address belongs to another account than the one logged in.
        return render(request, TEMPLATE, {**context, "problem": _(
            "This invitation is for another account. Log out and log in with the account "
            "that has the invited e-mail address.")}, status=403)
    if request.method == "POST":
        try:
            accept(invitation, request.user)
        except InvalidInvitation as problem:
            return render(request, TEMPLATE, {"problem": problem.message}, status=410)
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    return render(request, TEMPLATE, {**context, "confirm": True})
