"""What the catalogue search knows beyond the services' own text: synonyms the editors keep
("obědy" → "dovoz jídla") and the case forms of municipality names ("v Kelči" → Kelč)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from kp_catalogue.models.taxonomies import Municipality
from kp_catalogue.search import places, words

MAX_EXPANSIONS = 20


class SearchSynonym(models.Model):
    """A word or phrase people type, and what the catalogue should search for as well.

    Both sides are reduced to search tokens (``search/words.py``), so one entry covers every
    case form and spelling with or without diacritics."""

    term = models.CharField(_("when someone searches for"), max_length=100)
    expansions = models.TextField(_("also search for"), max_length=1000)
    key = models.CharField(max_length=200, editable=False, db_index=True)

    panels = [
        FieldPanel("term", help_text=_(
            "A word or a short phrase in plain Czech, e.g. \"obědy\" or \"bezdomovec\". Any "
            "case form works, diacritics do not matter.")),
        FieldPanel("expansions", help_text=_(
            "Words or phrases separated by commas, e.g. \"dovoz jídla, strava\". A service "
            "is found when it contains the searched word or all words of one phrase.")),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.key = " ".join(words.tokens(self.term))[:200]
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if not words.tokens(self.term):
            errors["term"] = _("Give a word that can be searched for.")
        if len(self.expansions.split(",")) > MAX_EXPANSIONS:
            errors["expansions"] = _("At most %(count)s words or phrases.") % {
                "count": MAX_EXPANSIONS}
        elif not self.phrases():
            errors["expansions"] = _("Give at least one word to search for.")
        if errors:
            raise ValidationError(errors)

    def phrases(self):
        """The expansions as lists of tokens; a phrase matches when all its tokens do."""
        found = []
        for part in self.expansions.split(",")[:MAX_EXPANSIONS]:
            phrase = words.tokens(part)[:5]
            if phrase and phrase not in found:
                found.append(phrase)
        return found


class MunicipalityNameForm(models.Model):
    """One folded case form of a municipality's name ("kelci"); rebuilt whenever the
    municipality is saved (``signals.py``)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="name_forms")
    form = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "form"],
                                               name="kp_municipality_name_form_unique")]

    def __str__(self):
        return self.form


def refresh_name_forms(municipality):
    forms = places.name_forms(municipality.name) | places.other_names(municipality.other_names)
    MunicipalityNameForm.objects.filter(municipality=municipality).delete()
    MunicipalityNameForm.objects.bulk_create(
        [MunicipalityNameForm(municipality=municipality, form=form[:200]) for form in forms])
