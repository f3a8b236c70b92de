"""Each organisation's own image and document collection, under "Poskytovatelé" in Wagtail's
collections, with a group that gives the organisation's members the right to upload there and
to choose from there (and nowhere else: providers have no other image or document rights).

``ensure_media`` runs when an organisation is created and, for organisations that existed
before, after ``migrate`` (a data migration cannot build collections: treebeard's tree methods
are missing on historical models). Memberships keep the group's users in step.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.permissions import policy_registry

from kp_catalogue.models import Provider, ProviderMedia

ROOT_NAME = "Poskytovatelé"
MEMBER_PERMISSIONS = [("wagtailimages", "add_image"), ("wagtailimages", "choose_image"),
                      ("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document")]


def providers_root():
    # Wagtail's migration makes the root collection; a database flushed since (a transactional
    # test, a data reset) has none, and an organisation must still be creatable there.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    existing = root.get_children().filter(name=ROOT_NAME).first()
    return existing or root.add_child(name=ROOT_NAME)


def member_permissions():
    wanted = Q()
    for app_label, codename in MEMBER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def ensure_media(provider):
    """The organisation's collection and group, made once."""
    media = ProviderMedia.objects.select_related("collection", "group").filter(
        provider=provider).first()
    if media is not None:
        return media
    with transaction.atomic():
        collection = providers_root().add_child(name=f"{provider.name} ({provider.pk})"[:255])
        group, _created = Group.objects.get_or_create(name=f"Média organizace {provider.pk}")
        for permission in member_permissions():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission)
        media = ProviderMedia.objects.create(provider=provider, collection=collection,
                                             group=group)
        group.user_set.add(*get_user_model().objects.filter(
            provider_memberships__provider=provider))
    return media


def ensure_all_media(using=DEFAULT_DB_ALIAS, **_kwargs):
    # After migrating backwards the table may be gone; nothing to keep in step then.
    if ProviderMedia._meta.db_table not in connections[using].introspection.table_names():
        return
    for provider in Provider.objects.using(using).filter(media__isnull=True):
        ensure_media(provider)


def provider_saved(sender, instance, created, raw=False, **_kwargs):
    if created and not raw:
        ensure_media(instance)


def membership_saved(sender, instance, created, raw=False, **_kwargs):
    if not raw:
        ensure_media(instance.provider).group.user_set.add(instance.user)


def membership_deleted(sender, instance, **_kwargs):
    media = ProviderMedia.objects.filter(provider_id=instance.provider_id).first()
    if media is not None:
        media.group.user_set.remove(instance.user_id)


def choosable(model, user):
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ["choose"])


def choosable_images(user):
    return choosable(get_image_model(), user)


def choosable_documents(user):
    return choosable(get_document_model(), user)


