"""App configuration of the community plans."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpPlansConfig(AppConfig):
    name = "kp_plans"
    verbose_name = _("Community plans")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Wagtail's listing view imports the admin, which needs every model loaded, so the
        # form pages get their safe export view here rather than in their class bodies.
        from wagtail.api.v3.urls import api
        from wagtail.signals import page_published

        from kp_plans import api as plans_api
        from kp_plans import follow, signals
        from kp_plans.coverage import api as coverage_api
        from kp_plans.models import ConferencePage, NeedsSurveyPage, ServiceNetworkPage
        from kp_plans.network.data import record_adoption
        from kp_plans.submissions import SafeSubmissionsListView

        plans_api.register(api)
        page_published.connect(record_adoption, sender=ServiceNetworkPage,
                               dispatch_uid="kp_plans.record_network_adoption")
        ConferencePage.submissions_list_view_class = SafeSubmissionsListView
        NeedsSurveyPage.submissions_list_view_class = SafeSubmissionsListView

        # Plans, working groups and municipalities' catalogues can be followed by e-mail.
        follow.register()
        coverage_api.register(api)
        signals.connect()
