from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH, Role
from .text import strip_invisible


class CommentForm(forms.Form):
    """What a member of the public sends, through the HTML form or the API."""

    section = forms.ChoiceField(label=_("Section"), required=False)
    paragraph = forms.ChoiceField(
        label=_("Paragraph"), required=False,
        help_text=_("Optional: the paragraph your comment is about."),
    )
    text = forms.CharField(
        label=_("Your comment"), max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(
            attrs={"rows": 6, "maxlength": TEXT_MAX_LENGTH}),
        error_messages={"required": _("Write the text of your comment.")},
    )
    author_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("I comment as"), choices=Role.choices, initial=Role.PUBLIC)
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    email = forms.EmailField(
        label=_("E-mail"), required=False, max_length=254,
        help_text=_("Never published. With your consent we e-mail you that the comment "
                    "arrived and, after the settlement, the decision on it."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data for this consultation"),
        required=False,
    )

    def __init__(self, *args, page, section=None, **kwargs):
        """``section``: the anchor of the section whose form this is; its paragraphs are
        offered (any section's paragraph is accepted when it is not given, then ``clean``
        checks that it belongs to the section sent)."""
        super().__init__(*args, **kwargs)
        self.page = page
        self.sections = page.consultation_sections()
        self.fields["section"].choices = [("", _("Whole document"))] + [
            (section.anchor, section.title) for section in self.sections
        ]
        offered = [s for s in self.sections if section is None or s.anchor == section]
        paragraphs = {}
        for candidate in offered:
            for paragraph in candidate.paragraphs:
                paragraphs.setdefault(paragraph.anchor, _("Paragraph %(code)s: %(excerpt)s") % {
                    "code": paragraph.code, "excerpt": paragraph.excerpt})
        self.fields["paragraph"].choices = [("", _("The whole section"))] + list(
            paragraphs.items())
        if not page.comments_allow_anonymous:
            self.fields["author_name"].required = True
            self.fields["author_name"].error_messages["required"] = _(
                "This consultation does not accept anonymous comments: give your name.")

    def clean_text(self):
        return strip_invisible(self.cleaned_data["text"])

    def clean_author_name(self):
        return strip_invisible(self.cleaned_data["author_name"]).strip()

    def clean_organisation(self):
        return strip_invisible(self.cleaned_data["organisation"]).strip()

    def clean_municipality(self):
        return strip_invisible(self.cleaned_data["municipality"]).strip()

    def clean(self):
        data = super().clean()
        if data.get("text") is not None and not data["text"].strip():
            self.add_error("text", _("Write the text of your comment."))
        if (data.get("author_name") or data.get("email")) and not data.get("consent"):
            self.add_error("consent", _(
                "Consent to processing personal data is required when you give a name or "
                "an e-mail address."))
        if data.get("paragraph"):
            section = next((s for s in self.sections if s.anchor == data.get("section")), None)
            if section is None or section.paragraph(data["paragraph"]) is None:
                self.add_error("paragraph", _("Choose a paragraph of the section you comment on."))
        return data
