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
        from wagtail.signals import page_published

        from kp_plans.models import ConferencePage, NeedsSurveyPage, ServiceNetworkPage
        from kp_plans.network.data import record_adoption
        from kp_plans.submissions import SafeSubmissionsListView

        page_published.connect(record_adoption, sender=ServiceNetworkPage,
                               dispatch_uid="kp_plans.record_network_adoption")

        ConferencePage.submissions_list_view_class = SafeSubmissionsListView
        NeedsSurveyPage.submissions_list_view_class = SafeSubmissionsListView
