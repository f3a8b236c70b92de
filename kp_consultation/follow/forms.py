"""The public forms of following: subscribe, and ask for the link to one's own comments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kp_consultation.follow.models import Frequency


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        help_text=_("Never published and never shared."),
        error_messages={"required": _("Enter your e-mail address."),
                        "invalid": _("Enter a valid e-mail address.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class SubscribeForm(EmailForm):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices,
                                  widget=forms.RadioSelect)
