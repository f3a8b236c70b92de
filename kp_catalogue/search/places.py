"""The case forms of a municipality's name, so "v Kelči", "Kelč" and "kelci" all name Kelč.

A dictionary lemmatiser knows few place names, and a prefix or stem match on names confuses
them with ordinary words ("Police" and "policie"). Instead each municipality stores the set of
its own case forms, generated here from the nominative by the Czech declension patterns its
ending implies, folded (no case, no diacritics); a query names a municipality only when some of
its words are exactly one of those forms. Generating a few forms nobody uses is harmless; the
editors add what the rules miss (irregular or colloquial names) in the municipality's "other
names". ``tests/kp_catalogue/test_search_places.py`` lists the forms for every type of name
in the area.
"""

import re
from itertools import product

from kp_catalogue.search.text import normalise

# Words after which the rest of the name does not decline ("Střítež nad Bečvou").
FIXED_AFTER = {"nad", "pod", "u", "v", "ve", "na", "pri", "při"}
# Prepositions people put before a place: "v Kelči", "do Kelče", "ze Zašové".
PREPOSITIONS = {"v", "ve", "do", "z", "ze", "u", "na", "pro", "k", "ke", "kolem", "okoli",
                "blizko", "obec", "obci", "mesto", "meste"}
# Hard consonants soften before -e in the locative: Loučka → v Loučce, Lhota → ve Lhotě.
SOFTENED = [("ch", "š"), ("k", "c"), ("h", "z"), ("g", "z"), ("r", "ř")]
MAX_FORMS = 400


def soften(stem):
    for hard, soft in SOFTENED:
        if stem.endswith(hard):
            return stem[: -len(hard)] + soft
    return stem


def word_forms(word):
    """Case forms of one word of a name (lower case, with diacritics)."""
    forms = {word}
    if word.endswith("ý"):                      # adjective, masculine: Nový
        forms |= {word[:-1] + ending for ending in ("ého", "ému", "ém", "ým")}
    elif word.endswith("á"):                    # adjective, feminine: Zašová, Lešná
        forms |= {word[:-1] + ending for ending in ("é", "ou")}
    elif word.endswith("é"):                    # adjective, neuter or plural: Valašské
        forms |= {word[:-1] + ending for ending in ("ého", "ému", "ém", "ým", "ých", "ými")}
    elif word.endswith("í"):                    # soft neuter or adjective: Meziříčí, Horní
        forms |= {word[:-1] + ending for ending in ("ího", "ímu", "ím", "ích", "ími")}
    elif word.endswith("a"):                    # feminine: Lhota, Loučka, Bystřička
        stem = word[:-1]
        forms |= {stem + ending for ending in ("y", "u", "ou", "ám", "ách")}
        forms |= {soften(stem) + "e", soften(stem) + "ě", stem + "ě", stem + "e"}
    elif word.endswith(("e", "ě")):             # soft feminine or plural: Choryně, Police
        stem = word[:-1]
        forms |= {stem, stem + "i", stem + "í", stem + "ím", stem + "ích", stem + "emi"}
    elif word.endswith("y"):                    # plural: Branky, Kladeruby
        stem = word[:-1]
        forms |= {stem, stem + "ám", stem + "ách", stem + "ami", stem + "ům", stem + "ech",
                  stem + "ích"}
        if len(stem) > 2 and stem[-1] == "k" and stem[-2] not in "aeiouyáéíóúůýě":
            forms.add(stem[:-1] + "ek")         # Branky → Branek
    elif word.endswith("o"):                    # neuter: Brno
        stem = word[:-1]
        forms |= {stem + ending for ending in ("a", "u", "em", "ě", "e")} | {soften(stem) + "e"}
    else:                                       # consonant: Kelč, Střítež (f.), Hrachovec (m.)
        forms |= {word + ending for ending in ("a", "u", "e", "ě", "i", "í", "em", "ím", "ích")}
        forms.add(soften(word) + "e")
        if word.endswith(("ec", "ek")):         # the mobile e: Hrachovec → Hrachovce
            stem = word[:-2] + word[-1]
            forms |= {stem + ending for ending in ("e", "i", "em", "u", "a", "ům", "ích")}
    return forms


def name_forms(name):
    """Every folded form of a municipality's name: the words declined together, a word after a
    preposition ("nad", "u", …) left as it is."""
    words = re.findall(r"[^\W_]+", str(name or "").casefold())
    declined = []
    fixed = False
    for word in words:
        if fixed or word in FIXED_AFTER:
            fixed = True
            declined.append({word})
        else:
            declined.append(word_forms(word))
    forms = set()
    for combination in product(*declined):
        forms.add(normalise(" ".join(combination)))
        if len(forms) >= MAX_FORMS:
            break
    return {form for form in forms if form}


def other_names(text):
    """Editors' extra names, one per comma or line, folded; each declined like a name."""
    forms = set()
    for part in str(text or "").replace("\n", ",").split(","):
        forms |= name_forms(part.strip())
    return forms
