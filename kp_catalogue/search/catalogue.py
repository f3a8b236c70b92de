"""The catalogue search: what a typed query means, and the services it finds.

A query is read in three passes, each one indexed look-up:

1. **places**: runs of up to four words that are a case form of a municipality's name
   (``MunicipalityNameForm``) become a place filter: the services *serving* that municipality
   (``Service.service_areas``, field services included), not those that mention it; a
   preposition before the name ("v", "do", "ze") goes with it;
2. **synonyms**: runs of up to three of the remaining tokens that an editor has entered as a
   ``SearchSynonym`` also match any of its expansions;
3. **text**: every remaining clause must match the service's search document by token prefix
   in the full-text index (``index.py``).

The public catalogue, its map and print view, the API's ``q`` and the site search all call
``apply`` through ``ServiceFilter``, so they find the same services.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from kp_catalogue.models.search import MunicipalityNameForm, SearchSynonym
from kp_catalogue.models.services import Service
from kp_catalogue.search import index, places, words
from kp_catalogue.search.text import normalise

PLACE_WORDS = 4
SYNONYM_WORDS = 3


@dataclass(frozen=True)
class Plan:
    municipalities: frozenset
    match: index.Match

    @property
    def empty(self):
        return not self.municipalities and not self.match.clauses


def spans(items, longest):
    """Every run of 1..``longest`` consecutive items: ``(start, end, joined text)``."""
    for length in range(longest, 0, -1):
        for start in range(0, len(items) - length + 1):
            yield start, start + length, " ".join(items[start:start + length])


def cover(items, longest, known):
    """Longest runs first, left to right, without overlaps: ``{start: (end, value)}``."""
    taken, found = set(), {}
    for start, end, text in spans(items, longest):
        if text in known and not taken & set(range(start, end)):
            taken |= set(range(start, end))
            found[start] = (end, known[text])
    return found


def find_places(folded):
    """Municipality ids named in the query, and the words left for the text search."""
    if not folded:
        return set(), []
    candidates = {text for _start, _end, text in spans(folded, PLACE_WORDS)}
    forms = {}
    for form, municipality_id in MunicipalityNameForm.objects.filter(
            form__in=candidates).values_list("form", "municipality_id"):
        forms.setdefault(form, set()).add(municipality_id)
    found = cover(folded, PLACE_WORDS, forms)
    municipalities, rest, position = set(), [], 0
    while position < len(folded):
        if position in found:
            end, ids = found[position]
            municipalities |= ids
            if rest and rest[-1][1] in places.PREPOSITIONS:
                rest.pop()
            position = end
        else:
            rest.append((position, folded[position]))
            position += 1
    return municipalities, [position for position, _word in rest]


def text_clauses(tokens):
    """One clause per token, or per run of tokens an editor gave synonyms for."""
    if not tokens:
        return ()
    keys = {text for _start, _end, text in spans(tokens, SYNONYM_WORDS)}
    synonyms = {}
    for synonym in SearchSynonym.objects.filter(key__in=keys):
        synonyms.setdefault(synonym.key, []).extend(synonym.phrases())
    found = cover(tokens, SYNONYM_WORDS, synonyms)
    clauses, position = [], 0
    while position < len(tokens):
        if position in found:
            end, phrases = found[position]
            clause = [tokens[position:end]]
            clause += [phrase for phrase in phrases if phrase not in clause]
            position = end
        else:
            clause = [[tokens[position]]]
            position += 1
        clauses.append(tuple(tuple(phrase) for phrase in clause))
    return tuple(clauses)


def plan(query):
    """What ``query`` asks for: places and a full-text match."""
    typed = words.words(query)[:words.MAX_QUERY_WORDS]
    municipalities, left = find_places([normalise(word) for word in typed])
    tokens = [token for token in (words.stem(typed[position]) for position in left) if token]
    return Plan(frozenset(municipalities), index.Match(text_clauses(tokens)))


def apply(queryset, query, among_few=False):
    """``queryset`` narrowed to the services ``query`` finds; none when it has no word that can
    be searched for. ``among_few``: the queryset is already a short list of services."""
    found = plan(query)
    if found.empty:
        return queryset.none()
    if found.municipalities:
        condition, short = short_list_or_exists(Service.service_areas.through.objects.filter(
            municipality_id__in=found.municipalities))
        among_few = among_few or short
        queryset = queryset.filter(condition)
    if found.match.clauses:
        queryset = queryset.filter(index.matching(found.match, among_few=among_few))
    return queryset


# Up to this many services, a filter's services are listed first (``short_list_or_exists``).
SHORT_LIST = 500


def short_list_or_exists(links):
    """A filter on the services that ``links`` (rows of a many-to-many table) point to.

    Without statistics on SQLite, and with a place that serves few of many services on
    PostgreSQL, the planners walked the catalogue and tested every service against the
    filter, so a search in a small town took longer the larger the catalogue. Reading the
    filter's services first (one query, at most ``SHORT_LIST`` + 1 ids, by the index on the
    link) lets a short list drive the listing by primary key; a long one stays an EXISTS.
    Returns the condition and whether it is a short list."""
    ids = list(links.values_list("service_id", flat=True)[:SHORT_LIST + 1])
    if len(ids) <= SHORT_LIST:
        return Q(pk__in=set(ids)), True
    return Q(Exists(links.filter(service_id=OuterRef("pk")))), False
