"""Attacks on provider accounts beyond the catalogue's own views (issue 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from kp_catalogue.accounts.media import ensure_all_media
from kp_catalogue.models import ProviderMedia, ProviderMembership
from tests.factories.catalogue import ProviderFactory, ServiceFactory
from tests.kp_catalogue.admin_forms import form_values

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["wagtailsnippets_kp_catalogue_provider:list",
                                  "wagtailsnippets_kp_catalogue_provider:list_results",
                                  "wagtailsnippetchoosers_kp_catalogue_provider:choose",
                                  "wagtailsnippetchoosers_kp_catalogue_provider:choose_results",
                                  "wagtailsnippets_kp_catalogue_service:list",
                                  "wagtailsnippetchoosers_kp_catalogue_service:choose_results"])
def test_search_works_for_providers(client, org_a, org_b, name):
    client.force_login(org_a.user)
    response = client.get(reverse(name), {"q": "ZNACKA"})
    assert response.status_code == 200
    text = response.content.decode()
    assert org_a.marker in text and org_b.marker not in text


def tagged_service(provider, tag, *, live):
    service = ServiceFactory(provider=provider, live=live)
    service.tags.add(tag)
    service.save()
    return service


@pytest.mark.parametrize("url", ["/admin/tag-autocomplete/",
                                 "/admin/tag-autocomplete/taggit/tag/"])
def test_tag_autocomplete_offers_only_published_and_own_tags(client, org_a, org_b, url):
    tagged_service(org_b.provider, "zdarma-tajne-b", live=False)
    tagged_service(org_b.provider, "zdarma-verejne-b", live=True)
    tagged_service(org_a.provider, "zdarma-vlastni-a", live=False)
    client.force_login(org_a.user)
    response = client.get(url, {"term": "zdarma"})
    assert response.status_code == 200
    assert response.json() == ["zdarma-verejne-b", "zdarma-vlastni-a"]


def test_tag_autocomplete_of_other_tag_models_is_closed(client, org_a):
    client.force_login(org_a.user)
    response = client.get("/admin/tag-autocomplete/wagtailcore/page/", {"term": "a"})
    assert response.status_code == 404


def test_editors_tag_autocomplete_is_unchanged(client, editor, org_b):
    tagged_service(org_b.provider, "zdarma-tajne-b", live=False)
    client.force_login(editor)
    assert client.get("/admin/tag-autocomplete/", {"term": "zdarma"}).json() == [
        "zdarma-tajne-b"]


# --- Media per organisation ------------------------------------------------------------------


@pytest.fixture
def images(org_a, org_b, settings, tmp_path):
    """An image in A's collection, one in B's and one in a collection only editors use."""
    settings.MEDIA_ROOT = str(tmp_path)
    restricted = Collection.get_first_root_node().add_child(name="Jen redakce")

    def image(title, collection):
        return Image.objects.create(title=title, file=get_test_image_file(),
                                    collection=collection)

    return {"own": image("Logo A ZNACKAAOBR", org_a.provider.media.collection),
            "other": image("Logo B ZNACKABOBR", org_b.provider.media.collection),
            "restricted": image("Interni ZNACKAROBR", restricted)}


def provider_edit(client, provider, **changes):
    # Out of the approval workflow, so the form is not locked and its validation runs.
    state = provider.current_workflow_state
    if state:
        state.cancel(user=state.requested_by)
    url = reverse("wagtailsnippets_kp_catalogue_provider:edit", args=[provider.pk])
    data = form_values(client.get(url).content.decode())
    data.update(changes)
    return client.post(url, data)


def test_each_organisation_has_its_collection_and_members_their_rights(org_a, org_b,
                                                                          django_user_model):
    media = org_a.provider.media
    assert media.collection.get_parent().name == "Poskytovatelé"
    assert org_a.user.groups.filter(pk=media.group.pk).exists()
    assert not org_b.user.groups.filter(pk=media.group.pk).exists()
    # A later membership joins the group; a removed one leaves it.
    membership = ProviderMembership.objects.create(user=org_b.user, provider=org_a.provider)
    assert org_b.user.groups.filter(pk=media.group.pk).exists()
    membership.delete()
    assert not org_b.user.groups.filter(pk=media.group.pk).exists()


def test_organisations_from_before_get_their_collection_after_migrate(org_a):
    ProviderMedia.objects.filter(provider=org_a.provider).delete()
    ensure_all_media()
    media = ProviderMedia.objects.get(provider=org_a.provider)
    assert org_a.user.groups.filter(pk=media.group.pk).exists()


@pytest.mark.parametrize("which", ["other", "restricted"])
def test_provider_form_refuses_an_image_outside_own_collection(client, org_a, images, which):
    client.force_login(org_a.user)
    revisions = org_a.provider.revisions.count()
    response = provider_edit(client, org_a.provider, logo=str(images[which].pk))
    assert response.status_code == 200
    text = response.content.decode()
    assert "sbírky vaší organizace" in text
    assert images[which].title not in text
    assert org_a.provider.revisions.count() == revisions


def test_provider_form_accepts_own_image(client, org_a, images):
    client.force_login(org_a.user)
    assert provider_edit(client, org_a.provider, logo=str(images["own"].pk)).status_code == 302
    assert org_a.provider.revisions.order_by("pk").last().content["logo"] == images["own"].pk


def test_image_chooser_shows_only_own_collection(client, org_a, images):
    client.force_login(org_a.user)
    listing = client.get(reverse("wagtailimages_chooser:choose")).content.decode()
    assert "ZNACKAAOBR" in listing
    assert "ZNACKABOBR" not in listing and "ZNACKAROBR" not in listing
    for which in ("other", "restricted"):
        response = client.get(reverse("wagtailimages_chooser:chosen", args=[images[which].pk]))
        assert response.status_code == 404
        assert images[which].title not in response.content.decode()
    own = client.get(reverse("wagtailimages_chooser:chosen", args=[images["own"].pk]))
    assert own.status_code == 200 and "ZNACKAAOBR" in own.content.decode()


def test_provider_uploads_into_own_collection_only(client, org_a, org_b, images):
    client.force_login(org_a.user)
    response = client.post(reverse("wagtailimages_chooser:create"), {
        "image-chooser-upload-title": "Nahráno ZNACKAUPL",
        "image-chooser-upload-description": "Logo",
        "image-chooser-upload-file": SimpleUploadedFile(
            "logo.png", get_test_image_file().file.getvalue(), "image/png"),
        # Asking for B's collection: the form offers only A's and files it there.
        "image-chooser-upload-collection": org_b.provider.media.collection.pk})
    assert response.status_code == 200
    uploaded = Image.objects.get(title="Nahráno ZNACKAUPL")
    assert uploaded.collection == org_a.provider.media.collection


def test_write_api_takes_no_image_ids(client, org_a, images):
    response = client.patch(f"/api/v3/catalogue/services/{org_a.service.pk}/",
                            data={"logo": images["restricted"].pk},
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {org_a.token}")
    assert response.status_code == 422


def test_editor_deleting_an_organisations_collection_is_no_error(admin_client, client, org_a):
    media = org_a.provider.media
    response = admin_client.post(reverse("wagtailadmin_collections:delete",
                                         args=[media.collection.pk]))
    assert response.status_code == 302
    assert not ProviderMedia.objects.filter(provider=org_a.provider).exists()
    # Opening the organisation's form makes a new one, with the members' rights.
    client.force_login(org_a.user)
    url = reverse("wagtailsnippets_kp_catalogue_provider:edit", args=[org_a.provider.pk])
    assert client.get(url).status_code == 200
    assert org_a.user.groups.filter(pk=ProviderMedia.objects.get(
        provider=org_a.provider).group.pk).exists()


def test_an_organisation_is_created_in_a_database_without_a_root_collection():
    """A flushed database (a transactional test, a data reset) has no root collection: creating
    an organisation, as load_demo does, still gives it its collection."""
    Collection.objects.all().delete()
    provider = ProviderFactory(name="Organizace po vyprázdnění")
    collection = ProviderMedia.objects.get(provider=provider).collection
    assert collection.get_parent().get_parent().is_root()
