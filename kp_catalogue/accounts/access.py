"""Which provider organisations a user may manage: the one source of truth for isolation.

Staff and editors (superusers, or anyone who may publish services) are unrestricted; any other
admin user is limited to the organisations of its ``ProviderMembership`` rows.
"""

from django.contrib.auth.models import Group

from kp_catalogue.models import ProviderMembership

PROVIDERS_GROUP = "Poskytovatelé"
EDITORS_GROUP = "Editors"
WORKFLOW_NAME = "Schválení změn v katalogu"
PUBLISH_PERMISSION = "kp_catalogue.publish_service"

_CACHE_ATTR = "_kp_provider_ids"


def is_unrestricted(user):
    return bool(user.is_active and (user.is_superuser or user.has_perm(PUBLISH_PERMISSION)))


def is_provider_user(user):
    """An authenticated user whose catalogue rights are limited to its own organisations."""
    return bool(user.is_authenticated and not is_unrestricted(user))


def provider_ids_for(user):
    """The ids of the organisations ``user`` may touch, or ``None`` for "all of them"."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_unrestricted(user):
        return None
    # One query per request object: views ask many times (listing, columns, buttons).
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            ProviderMembership.objects.filter(user=user).values_list("provider_id", flat=True)
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_ids(user):
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def providers_group():
    return Group.objects.get(name=PROVIDERS_GROUP)
