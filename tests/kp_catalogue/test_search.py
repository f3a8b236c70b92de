"""The catalogue search: Czech word forms, synonyms, municipality names as a place filter, and
the full-text index kept in step, with the same results on SQLite and PostgreSQL (run this
file with DATABASE_URL pointing at PostgreSQL for the second)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kp_catalogue.models import (
    Municipality,
    SearchSynonym,
    Service,
    ServiceTag,
    TargetGroup,
)
from kp_catalogue.public.filtering import ServiceFilter, public_services
from kp_catalogue.search import index, words
from kp_catalogue.search.catalogue import plan
from kpsite.base.demo import catalogue as demo_catalogue
from kpsite.base.demo import search as demo_search
from tests.factories.catalogue import CatalogueIndexPageFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db

SERVING_KELC = {
    "Centrum duševního zdraví Valašsko", "Denní stacionář Kelč", "Domov pro seniory Kelč",
    "Intervenční centrum Valašsko", "Krizová pomoc Most", "Odborné sociální poradenství Charity",
    "Pečovatelská služba Kelč", "Raná péče Náruč", "Sociálně aktivizační služba pro rodiny",
    "Terénní program Most", "Tísňová péče Kelečsko",
}
CARE = {"Pečovatelská služba Charity", "Pečovatelská služba Kelč"}
SHELTERS = {"Azylový dům pro matky s dětmi", "Noclehárna Charity", "Terénní program Most"}

# What a social worker expects the demo catalogue to answer; each query also without
# diacritics and in other cases.
DEMO_EXPECTATIONS = [
    (["pečovatelka v Kelči", "pecovatelka v kelci", "PEČOVATELSKÁ SLUŽBA V KELČI",
      "pečovatelskou službu Kelč", "kelč pečovatelky"], {"Pečovatelská služba Kelč"}),
    (["obědy", "obedy", "obědů", "OBĚD"], CARE),
    (["Kelč", "kelc", "v Kelči", "v kelci", "do Kelče", "Kelčí"], SERVING_KELC),
    (["bezdomovec", "bezdomovci", "bezdomovcům", "bezdomovec "], SHELTERS),
    (["pečovatelka", "pečovatelská", "pecovatelska", "pečovatelské službě"], CARE),
    (["domov pro seniory v Kelči", "domov pro seniory kelc"], {"Domov pro seniory Kelč"}),
    (["drogy v Kelči"], {"Terénní program Most"}),
    (["dluhy", "dluhů"], {"Odborné sociální poradenství Charity"}),
    (["nic takového", "xyzzy", "v", "!!!"], set()),
]


def found(query):
    return set(ServiceFilter(q=query).apply(public_services()).values_list("name", flat=True))


@pytest.fixture
def demo(home_page):
    demo_catalogue.load(home_page, lambda message: None)
    demo_search.load(home_page, lambda message: None)
    return home_page


def test_the_demo_catalogue_answers_what_a_social_worker_expects(demo, client):
    for queries, expected in DEMO_EXPECTATIONS:
        for query in queries:
            assert found(query) == expected, query
    # "Kelč" means the services serving Kelč, all of them, not those that mention it.
    kelc = Municipality.objects.get(code="kelc")
    assert SERVING_KELC == set(public_services().filter(service_areas=kelc)
                               .values_list("name", flat=True))
    # The API's q and the catalogue page use the same search.
    data = client.get("/api/v3/catalogue/services/", {"q": "pecovatelka v kelci"}).json()
    assert {item["name"] for item in data["items"]} == {"Pečovatelská služba Kelč"}


def test_the_index_is_the_one_of_the_database(demo):
    """The query really goes through the engine's index: FTS5 on SQLite, tsvector on PG."""
    with CaptureQueriesContext(connection) as queries:
        assert found("obědy") == CARE
    sql = " ".join(query["sql"] for query in queries)
    if connection.vendor == "sqlite":
        assert "kp_catalogue_service_fts MATCH" in sql
    else:
        assert "to_tsquery('simple'" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                           [index.PG_VECTOR_INDEX])
            assert "gin (search_vector)" in cursor.fetchone()[0].lower()
            # The stored vector follows the document by itself.
            cursor.execute("SELECT count(*) FROM kp_catalogue_service WHERE search_vector IS "
                           "DISTINCT FROM array_to_tsvector(string_to_array(search_document, ' '))")
            assert cursor.fetchone()[0] == 0
    assert "LIKE" not in sql.upper().replace("ILIKE", "")


def test_short_lists_and_subqueries_find_the_same_services(demo, monkeypatch):
    """A filter whose services are few drives the listing as a list of ids, the search then
    tests those few documents (SQLite) instead of the index: every way finds the same."""
    from kp_catalogue.search import catalogue as search_catalogue

    groups = list(TargetGroup.objects.values_list("code", flat=True)[:4])
    filters = [ServiceFilter(q=q, municipality=place, target_group=group)
               for q in ("pečovatelka", "obědy", "poradenství", "pomoc v Kelči", "")
               for place in ("kelc", "valasske-mezirici", "")
               for group in [*groups, ""]]
    answers = []
    for filter_list, index_list in ((0, 0), (10_000, 0), (10_000, 10_000), (0, 10_000)):
        monkeypatch.setattr(search_catalogue, "SHORT_LIST", filter_list)
        monkeypatch.setattr(index, "SHORT_LIST", index_list)
        answers.append([sorted(f.apply(public_services()).values_list("name", flat=True))
                        for f in filters])
    assert answers[0] == answers[1] == answers[2] == answers[3]
    assert sum(1 for names in answers[0] if names) > len(filters) // 3


def test_word_forms_meet_in_one_token():
    assert words.tokens("pečovatelka") == words.tokens("pečovatelská") \
        == words.tokens("pecovatelska") == words.tokens("PEČOVATELSKÉ") == ["pecovatel"]
    assert words.tokens("obědy") == words.tokens("obědů") == words.tokens("oběd") == ["obed"]
    assert words.tokens("azylové domy") == words.tokens("azylový dům") == ["azyl", "dum"]
    # Stop words go; every token is [a-z0-9], so both engines tokenise it the same way.
    assert words.tokens("pro seniory v Kelči") == ["senior", "kelc"]
    assert all(token.isascii() and token.isalnum()
               for token in words.tokens('Žluťoučký "kůň" * OR ÚPĚL: ďábelské ódy 2024'))
    assert words.document("Služba služby", "SLUŽBA") == "sluzb"


def test_municipality_forms_are_exact_and_not_a_stem(demo):
    zasova = Municipality.objects.get(code="zasova")
    assert plan("ze Zašové").municipalities == {zasova.pk}
    assert plan("ve Valašském Meziříčí").municipalities == {
        Municipality.objects.get(code="valasske-mezirici").pk}
    assert plan("Střítež nad Bečvou").municipalities == {
        Municipality.objects.get(code="stritez-nad-becvou").pk}
    # "policie" is not a form of "Police", although it begins the same.
    assert not plan("policie").municipalities
    assert plan("v Polici").municipalities == {Municipality.objects.get(code="police").pk}


def test_a_place_filters_by_coverage_not_by_text(home_page):
    kelc = Municipality.objects.get(code="kelc")
    zasova = Municipality.objects.get(code="zasova")
    serving = ServiceFactory(name="Terénní služba", service_areas=[zasova, kelc])
    ServiceFactory(name="Pečovatelská služba Kelč", service_areas=[zasova])
    assert found("Kelč") == {serving.name}


def test_editors_other_names_are_recognised(home_page):
    town = Municipality.objects.get(code="valasske-mezirici")
    ServiceFactory(name="Osobní asistence", service_areas=[town])
    assert found("Valmez") == set()
    town.other_names = "Valmez, Val. Meziříčí"
    town.save()
    for query in ("Valmez", "ve Valmezu", "val. mezirici", "Val Meziříčí"):
        assert found(query) == {"Osobní asistence"}, query


def test_synonyms_expand_queries_and_phrases_need_all_their_words(home_page):
    meals = ServiceFactory(name="Rozvoz", description="Dovoz jídla seniorům domů.")
    ServiceFactory(name="Jídelna", description="Jídlo na místě, dovoz ne.")  # "dovoz" + "jídl"
    ServiceFactory(name="Doprava", description="Dovoz k lékaři.")
    assert found("obědy") == set()
    SearchSynonym.objects.create(term="Obědy", expansions="dovoz jídla, strava")
    assert found("obedy") == {meals.name, "Jídelna"}
    assert found("strava") == set()  # synonyms apply one way: from the term


def test_synonym_form_refuses_empty_sides():
    with pytest.raises(ValidationError) as error:
        SearchSynonym(term="v", expansions=" , ").full_clean()
    assert set(error.value.message_dict) == {"term", "expansions"}


def test_the_index_follows_every_change(home_page):
    provider = ProviderFactory(name="Spolek Slunce")
    service = ServiceFactory(name="Krizová pomoc", provider=provider)
    assert found("krizová") == {"Krizová pomoc"}
    service.name = "Linka důvěry"
    service.save()
    assert found("krizová") == set() and found("linky důvěry") == {"Linka důvěry"}
    service.tags.add("sebevražda")
    service.save()  # the admin form's save; the tags are part of the cluster
    assert found("sebevraždy") == {"Linka důvěry"}
    ServiceTag.objects.filter(content_object=service).delete()  # outside the form: signals
    assert found("sebevraždy") == set()
    provider.name = "Spolek Měsíc"
    provider.save()
    assert found("slunce") == set() and found("měsíc") == {"Linka důvěry"}
    assert found("seniorům") == {"Linka důvěry"}
    TargetGroup.objects.get(code="24").services.remove(service)  # m2m_changed, reverse side
    assert found("seniorům") == set()
    service.delete()
    assert found("linka") == set()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(index.SQLITE_MATCH.replace("rowid", "count(*)", 1), ['"linka"*'])
            assert cursor.fetchone()[0] == 0


def test_a_draft_does_not_change_what_the_published_service_is_found_by(home_page):
    service = ServiceFactory(name="Osobní asistence")
    service.name = "Tajný koncept"
    service.save_revision()
    assert found("tajny") == set() and found("asistence") == {"Osobní asistence"}


def test_rebuild_command_restores_a_lost_index(home_page):
    ServiceFactory(name="Raná péče")
    Service.objects.update(search_document="")
    index.clear()
    assert found("raná péče") == set()
    call_command("rebuild_search_index", stdout=None)
    assert found("raná péče") == {"Raná péče"}


def test_any_string_is_a_query(home_page):
    ServiceFactory(name="Raná péče")
    for query in ['"', "*", "péče*", "OR", "NEAR(", "a:b", "'; DROP TABLE x; --", "\\",
                  "péče OR NOT", "x" * 200, "1 2 3 4 5 6 7 8 9 10 11 12"]:
        found(query)  # no SQL error on either engine
    assert found('"raná" péče*') == {"Raná péče"}


def test_search_runs_a_constant_number_of_queries(home_page):
    SearchSynonym.objects.create(term="obědy", expansions="dovoz jídla")

    def queries_with(count):
        Service.objects.all().delete()
        for n in range(count):
            ServiceFactory(name=f"Pečovatelská služba {n}")
        with CaptureQueriesContext(connection) as captured:
            list(ServiceFilter(q="obědy pečovatelka v Kelči").apply(public_services()))
        return len(captured)

    assert queries_with(3) == queries_with(30)


def test_site_search_lists_services_before_pages_when_services_match(client, demo):
    CatalogueIndexPageFactory(parent=demo)
    html = BeautifulSoup(client.get("/hledat/", {"q": "obědy"}).content, "html.parser")
    headings = [h2["id"] for h2 in html.select("main h2[id], .container h2[id]")]
    assert headings.index("search-services") < headings.index("search-pages")
    links = {a.get_text(strip=True) for a in html.select("#search-services ~ ul a")}
    assert links == CARE
    html = BeautifulSoup(client.get("/hledat/", {"q": "xyzzy"}).content, "html.parser")
    headings = [h2["id"] for h2 in html.select("main h2[id], .container h2[id]")]
    assert headings.index("search-pages") < headings.index("search-services")


def test_a_new_synonym_reaches_pages_already_cached(client, home_page):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    ServiceFactory(name="Rozvoz", description="Dovoz jídla až domů.")
    url = catalogue.url + "?q=obedy"
    assert "Rozvoz" not in client.get(url).content.decode()
    SearchSynonym.objects.create(term="obědy", expansions="dovoz jídla")
    assert "Rozvoz" in client.get(url).content.decode()


def test_a_server_process_loads_the_czech_dictionary_before_its_first_request(monkeypatch):
    """kpsite.wsgi (what gunicorn imports in each worker) loads simplemma's Czech dictionary,
    which otherwise loads during the first search a worker serves."""
    import importlib
    import sys

    asked = []
    monkeypatch.setattr("simplemma.lemmatize", lambda word, lang: asked.append(lang) or word)
    monkeypatch.delitem(sys.modules, "kpsite.wsgi", raising=False)
    importlib.import_module("kpsite.wsgi")
    assert asked == ["cs"]
