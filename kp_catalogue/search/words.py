"""Czech words reduced to one searchable form, the same for documents and queries.

Czech inflects heavily: "pečovatelka", "pečovatelská", "pečovatelské službě" and, typed
without diacritics, "pecovatelska" should all meet. Each word goes through three steps:

1. **lemma**: simplemma's Czech dictionary (``simplemma`` on PyPI) turns a known inflected
   form into its dictionary form ("obědů" → "oběd", "domy" → "dům", "seniory" → "senior");
2. **fold**: lower case without diacritics (``text.normalise``), because people type both ways;
3. **stem**: a small suffix stripper for what the dictionary did not know or did not merge:
   words typed without diacritics, which the dictionary cannot look up, and derived words
   (the adjective "pečovatelský" and the noun "pečovatelka" both become "pecovatel"). It is
   a reduced form of the light and aggressive Czech stemmers of Dolamic & Savoy (2009),
   working on folded text: first one case ending, then one derivational suffix, never
   leaving fewer than three (four) letters.

The result is a token of ``[a-z0-9]`` only, so the full-text engines of both databases see
exactly the same tokens (see ``index.py``). Queries match tokens by prefix, so a stem that
came out a little short or long still finds the longer forms.

Prepositions and conjunctions (``STOPWORDS``) are dropped from documents and queries alike.
"""

import re
from functools import lru_cache

import simplemma

from kp_catalogue.search.text import normalise

# Tokens longer than this are not words (identifiers, pasted URLs); they are cut.
MAX_TOKEN = 40
# A query is at most this many words; the rest is ignored (every word is one index look-up).
MAX_QUERY_WORDS = 10

WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset("""
a aby ale ani at az bez by ci do i jak je k ke kde ktera ktere ktery na nad nebo nez o od
po pod pro pri s se ta to u v ve za ze z ci jsem jsou
""".split())

# Case endings of nouns and adjectives on folded text, longest first.
CASE_ENDINGS = sorted("""
atech etem atum ech ich eho emi emu ete eti iho imi imu ach ata aty ych ama ami ove ovi ymi
em es im um at am os us ym mi ou e i u y a o
""".split(), key=len, reverse=True)
# Derivational suffixes: adjective from noun (-sk-), feminine (-k-, -kyn-), agent (-ec),
# possessive or relational (-ov-), abstract (-stv-).
DERIVATIONAL = sorted("ovsk sk stv kyn ec ov k".split(), key=len, reverse=True)


def words(text):
    """The words of ``text`` in lower case, diacritics kept (the dictionary needs them)."""
    return [word[:MAX_TOKEN] for word in WORD.findall(str(text or "").casefold())]


def load_dictionary():
    """Load simplemma's Czech dictionary now. It loads on the first lemma a process asks for,
    which takes about a quarter of a second: a server calls this as it starts (``kpsite.wsgi``)
    so that no visitor's first search waits for it."""
    simplemma.lemmatize("služba", lang="cs")


@lru_cache(maxsize=50_000)
def stem(word):
    """One word (lower case, diacritics kept) → its token, or "" for a stop word."""
    folded = normalise(word)
    if not folded or folded in STOPWORDS:
        return ""
    if not folded.isalpha() or not folded.isascii():
        return "".join(char for char in folded if char.isascii() and char.isalnum())
    token = normalise(simplemma.lemmatize(word, lang="cs"))
    if not token.isalpha() or not token.isascii() or token in STOPWORDS:
        token = folded
    return strip_suffixes(token)


def strip_suffixes(token):
    for ending in CASE_ENDINGS:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            token = token[: -len(ending)]
            break
    for suffix in DERIVATIONAL:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def tokens(text):
    """The searchable tokens of a text, in order, stop words left out."""
    return [token for token in (stem(word) for word in words(text)) if token]


def document(*parts):
    """One service's search document: its tokens, each once, separated by single spaces."""
    seen = dict.fromkeys(token for part in parts if part for token in tokens(part))
    return " ".join(seen)
