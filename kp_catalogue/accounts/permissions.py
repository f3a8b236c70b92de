"""Per-organisation permission policies for providers and services.

Wagtail checks only model permissions in the snippet admin (wagtail#13314); these policies add
the instance check: a provider account may act only on its own organisations' rows. They are
registered in Wagtail's permission-policy registry (``KpCatalogueConfig.ready``), and the admin
viewsets route every object lookup through them (``admin_guard``).
"""

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from kp_catalogue.accounts.access import PUBLISH_PERMISSION, provider_ids_for


class ProviderScopedPolicy(ModelPermissionPolicy):
    """Model permissions as usual, narrowed to the organisations of the user's memberships."""

    # The lookup from the model to the provider id, in ORM syntax.
    provider_lookup = "provider_id"

    def provider_id_of(self, instance):
        return getattr(instance, self.provider_lookup)

    def owns(self, user, instance):
        ids = provider_ids_for(user)
        return ids is None or self.provider_id_of(instance) in ids

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.owns(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(self.model._default_manager.all(), user)

    def scope(self, queryset, user):
        ids = provider_ids_for(user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.provider_lookup}__in": ids})

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        app_label, codename = PUBLISH_PERMISSION.split(".")
        unrestricted = (
            Q(is_superuser=True)
            | Q(user_permissions__codename=codename,
                user_permissions__content_type__app_label=app_label)
            | Q(groups__permissions__codename=codename,
                groups__permissions__content_type__app_label=app_label)
        )
        member = Q(provider_memberships__provider_id=self.provider_id_of(instance))
        return users.filter(unrestricted | member).distinct()


class ProviderPolicy(ProviderScopedPolicy):
    provider_lookup = "pk"


class ServicePolicy(ProviderScopedPolicy):
    provider_lookup = "provider_id"
