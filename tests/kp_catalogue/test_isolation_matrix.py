"""The leak matrix: provider A, logged in, tries every catalogue admin URL and API route with
provider B's objects (GET and POST) and must get none of B's data and change nothing; A's own
objects still work where A is allowed. URLs come from the resolver, so a URL added later is
tested automatically, and one without a rule here fails."""

import dataclasses

import pytest
from django.contrib.contenttypes.models import ContentType
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.models import EditingSession
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    APIToken,
    Collection,
    ModelLogEntry,
    Revision,
    TaskState,
    WorkflowState,
)

from kp_catalogue.admin.provider_area import OBJECT_FREE, URL_RULES
from kp_catalogue.models import (
    Provider,
    ProviderInvitation,
    ProviderMembership,
    Service,
    TargetGroup,
)
from tests.kp_catalogue.isolation_urls import (
    SCOPED_MODELS,
    admitted_urls,
    catalogue_urls,
    fill,
    object_values,
    url_params,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_orgs(django_db_setup, django_db_blocker):
    """The editor and the two organisations, built once for the module's ~460 tests inside one
    transaction that is rolled back at the end; each test runs in a savepoint inside it (as with
    TestCase.setUpTestData), so what a test changes is undone before the next one."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from tests.kp_catalogue.provider_setup import make_editor, make_org

    with django_db_blocker.unblock(), transaction.atomic():
        users = get_user_model()
        editor = make_editor(users)
        yield editor, make_org(users, "A", editor), make_org(users, "B", editor)
        transaction.set_rollback(True)


def fresh(org):
    """The organisation as stored (a test may have changed the shared objects in memory)."""
    return dataclasses.replace(org, provider=Provider.objects.get(pk=org.provider.pk),
                               service=Service.objects.get(pk=org.service.pk),
                               user=org.user.__class__.objects.get(pk=org.user.pk))


@pytest.fixture
def editor(db, shared_orgs):
    return shared_orgs[0].__class__.objects.get(pk=shared_orgs[0].pk)


@pytest.fixture
def org_a(db, shared_orgs):
    return fresh(shared_orgs[1])


@pytest.fixture
def org_b(db, shared_orgs):
    return fresh(shared_orgs[2])

OK = frozenset({200})
REFUSED = "refused"  # 403/404/405, or Wagtail's redirect to the dashboard

# What A gets on its OWN objects, per URL name of the service and provider viewsets. B's objects
# are refused (or, for listings, absent) everywhere; that part needs no table.
OWN = {
    "list": OK, "list_results": OK, "add": None, "edit": OK, "delete": REFUSED,
    "usage": OK, "history": OK, "history_results": OK, "copy": None, "inspect": OK,
    "preview_on_add": OK, "preview_on_edit": OK, "revisions_view": OK,
    "revisions_revert": OK, "revisions_compare": OK, "revisions_unschedule": REFUSED,
    "unpublish": REFUSED, "lock": REFUSED, "unlock": REFUSED,
    # Approving is for editors: A is not in the task's group.
    "workflow_action": REFUSED, "collect_workflow_action_data": REFUSED,
    "confirm_workflow_cancellation": OK, "workflow_history": OK,
    "workflow_history_detail": OK, "workflow_preview": REFUSED,
    "choose": OK, "choose_results": OK, "chosen": OK, "chosen_multiple": OK, "create": REFUSED,
}
# "add" and "copy" create services (only for providers, their own); A may add services
# but not organisations.
OWN_BY_MODEL = {("service", "add"): OK, ("provider", "add"): REFUSED,
                ("service", "copy"): OK, ("provider", "copy"): REFUSED}
CODE_LISTS = {"servicetype", "targetgroup", "agegroup", "serviceform", "capacityunit",
              "municipality"}
# Code lists: read-only choosers are open (a service form needs them), their admin is not.
CODE_LIST_CHOOSER_OK = {"choose", "choose_results", "chosen", "chosen_multiple"}
# Views of our own, with the model their object argument names.
OWN_VIEWS = {"kp_catalogue_confirm_service": "service", "kp_catalogue_free_places": "service",
             "kp_catalogue_resolve_report": "provider"}
# Views of our own without an object argument: editors' tools (import, export, the admin
# brochure) refuse provider accounts; the open-data bundle is public and holds no draft.
EDITOR_VIEWS = {"kp_catalogue_import", "kp_catalogue_import_confirm", "kp_catalogue_export",
                "kp_catalogue_brochure"}
PUBLIC_VIEWS = {"kp_catalogue_open_data"}
# Public views named by a signed token: a forged one is refused (404), whoever asks.
TOKEN_VIEWS = {"kp_catalogue_accept_invitation", "kp_catalogue_confirm_email"}
# Editors' areas closed to providers as a whole.
# The needs finder's situations and the search synonyms are editors' words for the public.
EDITOR_AREAS = {"providermembership", "providerinvitation", "lifesituation", "searchsynonym"}
API = {"api:services/": "public", "api:services/<service_id>/": "public_and_patch",
       "api:providers/": "public", "api:providers/<provider_id>/": "public",
       "api:taxonomies/": "public", "api:situations/": "public",
       "api:situations/<slug>/services/": "public",
       # The consultation API: anonymous, the same for everyone; following and my comments
       # are reached by signed tokens (a forged one names nothing: 404), never by an account.
       "api:consultations/<page_id>/": "public",
       "api:consultations/<page_id>/comments/": "public",
       "api:consultations/<page_id>/settlement/": "public",
       "api:consultations/<page_id>/comments/<comment_id>/cosign/": "public",
       "api:consultations/follow/topics/": "public",
       "api:consultations/follow/subscribe/": "public",
       "api:consultations/follow/confirm/": "public",
       "api:consultations/follow/unsubscribe/": "public",
       "api:consultations/follow/manage/<token>/": "public_token",
       "api:consultations/follow/my-comments/": "public",
       "api:consultations/follow/my-comments/<token>/": "public_token"}

# Views that, on A's own object, must show A's data (not merely answer 200).
SHOWS_OWN = {"list", "list_results", "edit", "inspect", "history", "usage",
             "revisions_view", "revisions_compare", "choose", "choose_results", "chosen",
             "chosen_multiple", "workflow_history"}

URLS = catalogue_urls()


def model_and_name(key):
    if key in EDITOR_VIEWS or key in PUBLIC_VIEWS or key in TOKEN_VIEWS:
        return None, key
    if key in OWN_VIEWS:
        return OWN_VIEWS[key], key
    if key.startswith("api:"):
        return None, key
    namespace, name = key.split(":")
    return namespace.rsplit("_", 1)[-1], name


def is_refused(response):
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"].rstrip("/") in ("/admin", "")


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def unzipped(response):
    """Every file of a ZIP answer as one text (markers are compressed inside the archive)."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


def plain(value):
    if hasattr(value, "__iter__") and not isinstance(value, (str, bytes)):
        return sorted(str(item) for item in value)
    return value


def snapshot():
    rows = [
        {key: plain(value) for key, value in model_to_dict(obj).items()}
        | {"live": obj.live, "locked": obj.locked, "unpublished": obj.has_unpublished_changes}
        for model in (Service, Provider) for obj in model.objects.order_by("pk")
    ]
    counts = [model.objects.count() for model in
              (Service, Provider, Revision, ModelLogEntry, ProviderMembership, TargetGroup,
               ProviderInvitation)]
    states = list(WorkflowState.objects.order_by("pk").values_list("status", flat=True))
    tasks = list(TaskState.objects.order_by("pk").values_list("status", "comment"))
    return rows, counts, states, tasks


def test_every_url_has_a_rule():
    assert URLS, "the resolver walk found nothing"
    missing = []
    for key, _route, _pattern in URLS:
        model, name = model_and_name(key)
        if key.startswith("api:"):
            known = key in API
        elif key in OWN_VIEWS or key in EDITOR_VIEWS or key in PUBLIC_VIEWS or key in TOKEN_VIEWS:
            known = True
        elif model in CODE_LISTS or model in EDITOR_AREAS:
            known = True  # whole areas closed to providers, asserted below
        else:
            known = name in OWN or (model, name) in OWN_BY_MODEL
        if not known:
            missing.append(key)
    assert not missing, f"URLs without an isolation rule: {missing}"


@pytest.mark.parametrize("key,route,pattern", URLS, ids=[key for key, _r, _p in URLS])
def test_provider_a_gets_nothing_of_provider_b(client, org_a, org_b, key, route, pattern):
    model, name = model_and_name(key)
    path = fill(route, pattern, object_values(org_b, model, TargetGroup.objects.first().pk))
    query = {"id": object_values(org_b, model, TargetGroup.objects.first().pk)["pk"]}
    before = snapshot()
    if key.startswith("api:"):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {org_a.token}"}
        responses = [client.get(path, **auth),
                     client.patch(path, data={"name": "HACK"}, content_type="application/json",
                                  **auth)]
        for response in responses:
            assert org_b.draft_marker not in body(response), key
        if API[key] == "public_and_patch":
            assert responses[1].status_code == 404, key
        if API[key] == "public_token":
            # A forged token: refused whoever asks, an API token of a provider included.
            assert responses[0].status_code == 404, key
            assert responses[1].status_code in (404, 405), key
    elif key in PUBLIC_VIEWS:
        client.force_login(org_a.user)
        response = client.get(path)
        assert response.status_code == 200, key
        assert org_b.draft_marker not in unzipped(response), key
    elif key in TOKEN_VIEWS:
        client.force_login(org_a.user)
        for response in (client.get(path), client.post(path, {"password1": "x"})):
            assert response.status_code == 404, (key, response.status_code)
    elif key in EDITOR_VIEWS:
        client.force_login(org_a.user)
        for response in (client.get(path), client.post(path, {"confirm": "1"})):
            assert is_refused(response), (key, response.status_code)
            assert org_b.marker not in body(response), key
    else:
        client.force_login(org_a.user)
        data = {"name": "HACK", "description": "HACK", "comment": "HACK", "action-publish": "1",
                "action-submit": "1", "id": query["id"]}
        responses = [client.get(path, query), client.post(path, data)]
        for response in responses:
            text = body(response)
            assert org_b.marker not in text, (key, response.status_code)
            assert org_b.draft_marker not in text, (key, response.status_code)
            if "<" in route and model not in CODE_LISTS:  # about one object of B: refused
                assert is_refused(response), (key, response.status_code)
    assert snapshot() == before, key


def own_expectation(model, name):
    if (model, name) in OWN_BY_MODEL:
        return OWN_BY_MODEL[(model, name)]
    if model in CODE_LISTS:
        return OK if name in CODE_LIST_CHOOSER_OK and "choosers" in name else REFUSED
    if model in EDITOR_AREAS:
        return REFUSED
    return OWN.get(name)


@pytest.mark.parametrize("key,route,pattern",
                         [url for url in URLS if not url[0].startswith("api:")
                          and url[0] not in OWN_VIEWS.keys() | EDITOR_VIEWS | PUBLIC_VIEWS
                          | TOKEN_VIEWS],
                         ids=[key for key, _r, _p in URLS if not key.startswith("api:")
                              and key not in OWN_VIEWS.keys() | EDITOR_VIEWS | PUBLIC_VIEWS
                              | TOKEN_VIEWS])
def test_provider_a_own_objects(client, org_a, key, route, pattern):
    model, name = model_and_name(key)
    namespace = key.split(":")[0]
    if model in CODE_LISTS:
        expected = OK if "choosers" in namespace and name in CODE_LIST_CHOOSER_OK else REFUSED
    else:
        expected = own_expectation(model, name)
    other = TargetGroup.objects.first().pk
    values = object_values(org_a, model, other)
    path = fill(route, pattern, values)
    client.force_login(org_a.user)
    response = client.get(path, {"id": values["pk"]})
    if expected is REFUSED:
        assert is_refused(response), (key, response.status_code)
    else:
        assert response.status_code in expected, (key, response.status_code)
        if model in SCOPED_MODELS and name in SHOWS_OWN:
            assert org_a.marker in body(response) or org_a.draft_marker in body(response), key


SECONDARY = ("revision_id", "revision_id_a", "revision_id_b", "task_state_id",
             "workflow_state_id")
MIXED_URLS = [url for url in URLS if not url[0].startswith("api:")
              and set(url[2].pattern.regex.groupindex) & set(SECONDARY)
              and model_and_name(url[0])[0] in SCOPED_MODELS]


def test_there_are_urls_with_secondary_ids():
    names = {model_and_name(key)[1] for key, _r, _p in MIXED_URLS}
    assert {"revisions_view", "revisions_compare", "revisions_revert",
            "workflow_history_detail", "workflow_action"} <= names


@pytest.mark.parametrize("key,route,pattern", MIXED_URLS, ids=[key for key, _r, _p in MIXED_URLS])
def test_own_object_with_b_revisions_and_workflow_ids(client, org_a, org_b, key, route, pattern):
    """The guard checks the object in the path; the revision, task and workflow ids beside it
    must belong to that object too (Wagtail looks them up through the object)."""
    model, _name = model_and_name(key)
    other = TargetGroup.objects.first().pk
    values = object_values(org_a, model, other)
    theirs = object_values(org_b, model, other)
    values.update({name: theirs[name] for name in SECONDARY})
    path = fill(route, pattern, values)
    client.force_login(org_a.user)
    before = snapshot()
    for response in (client.get(path), client.post(path, {"comment": "HACK"})):
        text = body(response)
        assert org_b.marker not in text, (key, response.status_code)
        assert org_b.draft_marker not in text, (key, response.status_code)
    assert snapshot() == before, key


def test_editor_tools_open_to_editors_and_open_data_holds_published_entries(client, org_a,
                                                                            editor):
    """The other side of the rules above: the refusals are about provider accounts, and the
    draft check on the bundle reads real content."""
    from django.urls import reverse

    bundle = unzipped(client.get(reverse("kp_catalogue_open_data")))
    assert org_a.marker in bundle and org_a.draft_marker not in bundle
    client.force_login(editor)
    assert client.get(reverse("kp_catalogue_import")).status_code == 200


# --- Every URL the providers' allow-list admits, Wagtail's own included ---------------------

ADMITTED = admitted_urls()
CATALOGUE_KEYS = {key for key, _r, _p in URLS}
# Admitted URLs with arguments that name no object of another user (reviewed one by one).
OBJECT_FREE_WITH_ARGUMENTS = {
    # The account is named by a signed token that only its owner's mailbox receives.
    "wagtailadmin_password_reset_confirm",
}
OTHER_ADMITTED = [url for url in ADMITTED if url[0] not in CATALOGUE_KEYS]


def test_allow_list_admits_only_urls_with_object_rules():
    assert len(ADMITTED) > len(OTHER_ADMITTED) > 10
    unscoped = [key for key, _route, pattern, rule in ADMITTED
                if url_params(pattern) and rule is OBJECT_FREE
                and key not in OBJECT_FREE_WITH_ARGUMENTS]
    assert not unscoped, f"admitted URLs with arguments but no object check: {unscoped}"
    # Rules are keyed by the resolver's names, so a renamed view cannot slip through either.
    assert {"wagtailusers_api_tokens:history", "wagtailusers_api_tokens:usage",
            "wagtailadmin_tag_autocomplete"} <= {key for key, *_rest in ADMITTED}


def test_a_url_off_the_allow_list_is_closed(client, org_a):
    """The default: a provider gets 403 on an admin URL without a rule."""
    client.force_login(org_a.user)
    assert "wagtailusers_users:index" not in URL_RULES
    assert client.get(reverse("wagtailusers_users:index")).status_code == 403


@pytest.fixture
def others(org_b, editor, settings, tmp_path):
    """Objects of other users, named in Wagtail's own admitted URLs: B's and an editor's API
    tokens, B's editing session, an image in B's collection and one only editors may use."""
    settings.MEDIA_ROOT = str(tmp_path)
    editors_token, _plain = APIToken.create_token(user=editor, name=f"Klíč {org_b.draft_marker}")
    session = EditingSession.objects.create(
        user=org_b.user, content_type=ContentType.objects.get_for_model(Service),
        object_id=str(org_b.service.pk), last_seen_at=timezone.now())
    restricted = Collection.get_first_root_node().add_child(name="Jen redakce")
    images = [Image.objects.create(title=f"Obrázek {org_b.draft_marker}", collection=collection,
                                   file=get_test_image_file())
              for collection in (org_b.provider.media.collection, restricted)]
    return {"tokens": [APIToken.objects.get(user=org_b.user), editors_token],
            "images": images, "session": session}


def wagtail_targets(key, org, others):
    """The URL argument values to try, one dict per object of someone else."""
    common = {"session_id": others["session"].pk, "app_label": "kp_catalogue",
              "model_name": "service", "object_id": str(org.service.pk), "app_name": "taggit",
              "uidb64": urlsafe_base64_encode(force_bytes(org.user.pk)), "token": "neplatny-x"}
    if key.startswith("wagtailimages_chooser:"):
        return [common | {"pk": image.pk} for image in others["images"]]
    return [common | {"pk": token.pk} for token in others["tokens"]]


def wagtail_snapshot():
    return (list(APIToken.objects.order_by("pk").values_list("name", "revoked_at")),
            list(EditingSession.objects.order_by("pk").values_list("pk", "user_id",
                                                                  "is_editing")),
            list(Image.objects.order_by("pk").values_list("pk", "title", "collection_id")),
            ModelLogEntry.objects.count())


@pytest.mark.parametrize("key,route,pattern,rule", OTHER_ADMITTED,
                         ids=[url[0] for url in OTHER_ADMITTED])
def test_wagtail_views_give_provider_a_nothing_of_others(client, org_a, org_b, others, key,
                                                         route, pattern, rule):
    client.force_login(org_a.user)
    for values in wagtail_targets(key, org_b, others):
        path = fill(route, pattern, values)
        before = snapshot(), wagtail_snapshot()
        responses = [client.get(path, {"term": "z", "q": "ZNACKA"}),
                     client.post(path, {"name": "HACK", "is_editing": "1"})]
        for response in responses:
            text = body(response)
            assert org_b.marker not in text, (key, response.status_code)
            assert org_b.draft_marker not in text, (key, response.status_code)
            assert "poskytovatelb" not in text, (key, response.status_code)  # B's username
            if rule is not OBJECT_FREE and url_params(pattern):
                assert is_refused(response), (key, response.status_code)
        assert (snapshot(), wagtail_snapshot()) == before, key


@pytest.mark.parametrize("name", ["history", "history_results", "usage", "edit"])
def test_own_api_token_views_still_work(client, org_a, name):
    token = APIToken.objects.get(user=org_a.user)
    client.force_login(org_a.user)
    response = client.get(reverse(f"wagtailusers_api_tokens:{name}", args=[token.pk]))
    assert response.status_code == 200
    if name in ("history", "edit"):
        assert org_a.draft_marker in body(response)


def test_own_editing_session_pings_still_work(client, org_a, org_b):
    client.force_login(org_a.user)
    ping = reverse("wagtailadmin_editing_sessions:ping",
                   args=["kp_catalogue", "service", str(org_a.service.pk), 0])
    response = client.post(ping)
    assert response.status_code == 200
    session_id = response.json()["session_id"]
    other = reverse("wagtailadmin_editing_sessions:ping",
                    args=["kp_catalogue", "service", str(org_b.service.pk), session_id])
    assert client.post(other).status_code == 404
    release = reverse("wagtailadmin_editing_sessions:release", args=[session_id])
    assert client.post(release).status_code == 200
    assert not EditingSession.objects.filter(pk=session_id).exists()
