"""Staff intake of comments received on paper, keyed by the code printed in the pack.

The printed consultation pack numbers the sections and codes the paragraphs ("3" is section
3, "3.2" its second paragraph; ConsultationSection.number and ConsultationParagraph.code).
Staff type the code from the filled-in form with the text, and the comment is stored on the
right section and paragraph, published, with the channel "paper". A code that names nothing
is refused with the list of valid ones, never guessed.
"""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import TEXT_MAX_LENGTH, Channel, Comment, Role, Status
from .text import strip_invisible

CODE = re.compile(r"^\s*(\d{1,3})(?:\s*[./]\s*(\d{1,3}))?\s*$")
WHOLE_DOCUMENT_CODES = {"", "0"}


def resolve_code(page, code):
    """(section anchor, paragraph anchor) for a printed code; raises forms.ValidationError."""
    code = (code or "").strip()
    if code in WHOLE_DOCUMENT_CODES:
        return "", ""
    match = CODE.match(code)
    if not match:
        raise forms.ValidationError(_("Type the code as printed: a section number (3) or a "
                                      "paragraph code (3.2); 0 or nothing for the whole "
                                      "document."))
    number, position = int(match.group(1)), match.group(2)
    section = next((s for s in page.consultation_sections() if s.number == number), None)
    if section is None:
        raise forms.ValidationError(_("The document has no section %(number)s.") % {
            "number": number})
    if position is None:
        return section.anchor, ""
    wanted = f"{number}.{int(position)}"
    paragraph = next((p for p in section.paragraphs if p.code == wanted), None)
    if paragraph is None:
        raise forms.ValidationError(_("Section %(number)s has no paragraph %(code)s.") % {
            "number": number, "code": wanted})
    return section.anchor, paragraph.anchor


class PaperCommentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Section or paragraph code"), max_length=10, required=False,
        help_text=gettext_lazy("As written on the paper form, e.g. 3 or 3.2; empty for the "
                               "whole document."))
    text = forms.CharField(label=gettext_lazy("Text of the comment"), max_length=TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 8}))
    role = forms.ChoiceField(label=gettext_lazy("The author comments as"), choices=Role.choices,
                             initial=Role.PUBLIC)
    author_name = forms.CharField(label=gettext_lazy("Author's name"), max_length=200,
                                  required=False)
    organisation = forms.CharField(label=gettext_lazy("Organisation"), max_length=200,
                                   required=False)
    municipality = forms.CharField(label=gettext_lazy("Municipality"), max_length=100,
                                   required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False, max_length=254)
    consent = forms.BooleanField(
        label=gettext_lazy("The author consented on the form to processing personal data"),
        required=False)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page

    def clean_code(self):
        self.resolved = resolve_code(self.page, self.cleaned_data["code"])
        return self.cleaned_data["code"]

    def clean_text(self):
        text = strip_invisible(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Type the text of the comment."))
        return text

    def clean(self):
        data = super().clean()
        if (data.get("author_name") or data.get("email")) and not data.get("consent"):
            self.add_error("consent", _(
                "Consent to processing personal data is required when you give a name or "
                "an e-mail address."))
        return data

    def save(self):
        section, paragraph = self.resolved
        data = self.cleaned_data
        return Comment.objects.create(
            page=self.page, section=section, paragraph=paragraph, text=data["text"],
            role=data["role"], author_name=data["author_name"],
            organisation=data["organisation"], municipality=data["municipality"],
            email=data["email"], consent=data["consent"], channel=Channel.PAPER,
            status=Status.PUBLISHED)
