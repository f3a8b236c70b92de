"""Search synonyms for the demo catalogue: the words people type when they do not know the
names of the services in the Act (a daughter looking for meals for her father, a social worker
with a homeless client), and what the catalogue should find for them."""

from kp_catalogue.models import SearchSynonym

# (what people type, also search for)
SYNONYMS = [
    ("obědy", "dovoz jídla, donáška obědů, strava, pečovatelská služba"),
    ("jídlo", "dovoz jídla, donáška obědů, strava"),
    ("bezdomovec", "azylový dům, noclehárna, terénní program"),
    ("bez domova", "azylový dům, noclehárna, terénní program"),
    ("drogy", "kontaktní centrum, terénní program, následná péče, závislost"),
    ("alkohol", "závislost, následná péče, terénní program"),
    ("dluhy", "dluhové poradenství, odborné sociální poradenství, exekuce"),
    ("exekuce", "dluhy, odborné sociální poradenství"),
    ("demence", "domov se zvláštním režimem, Alzheimer, centrum denních služeb"),
    ("týrání", "domácí násilí, intervenční centrum, krizová pomoc"),
    ("sebevražda", "krizová pomoc, linka důvěry"),
    ("vozíčkář", "osobní asistence, zdravotní postižení, bezbariérové"),
    ("důchodce", "senior"),
    ("úleva pro pečující", "odlehčovací služba, pečující"),
]


def load(home, out):
    created = 0
    for term, expansions in SYNONYMS:
        _synonym, new = SearchSynonym.objects.get_or_create(
            term=term, defaults={"expansions": expansions})
        created += new
    out(f"Synonyma vyhledávání: {SearchSynonym.objects.count()} ({created} nových)")
