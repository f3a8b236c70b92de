"""App configuration: registers the per-organisation permission policies, the signal receivers
and the catalogue's routers on Wagtail's API, once the models are loaded; and Wagtail's user
admin with unique e-mail addresses (``WagtailUsersConfig``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users import apps as wagtail_users_apps


class KpCatalogueConfig(AppConfig):
    name = "kp_catalogue"
    verbose_name = _("Catalogue of social services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.api.v3.urls import api
        from wagtail.permissions import policy_registry, register_permission_policy

        from kp_catalogue.accounts.permissions import ProviderPolicy, ServicePolicy
        from kp_catalogue.models import Provider, Service

        # Before any admin code asks the registry (it would create a fallback policy).
        if not isinstance(policy_registry.get_by_type(Service, fallback=False), ServicePolicy):
            register_permission_policy(Service, ServicePolicy(Service))
            register_permission_policy(Provider, ProviderPolicy(Provider))

        from kp_catalogue import signals
        from kp_catalogue.api import write  # noqa: F401  (adds the token-authenticated write routes)
        from kp_catalogue.api.hsds import hsds_router
        from kp_catalogue.api.read import router

        signals.connect()

        # ready() can run more than once (tests, autoreload); Ninja refuses a second mount.
        if not any(mounted is router for _prefix, mounted in api._routers):
            api.add_router("/catalogue/", router)
        if not any(prefix == "/hsds/" for prefix, _mounted in api._routers):
            api.add_router("/hsds/", hsds_router())


class WagtailUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    """Put in ``INSTALLED_APPS`` instead of ``wagtail.users``: Wagtail's user admin, with
    e-mail addresses unique regardless of case (the catalogue's invitations rely on them)."""

    default = False
    user_viewset = "kp_catalogue.admin.users.UserViewSet"
