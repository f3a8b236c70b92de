"""Code lists shared by the planning pages. Values are English identifiers; labels are Czech
through the catalogue of translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    # The six target groups the VM+K working groups were built around. The catalogue's richer
    # TargetGroup model can replace this list once both apps are merged.
    SENIORS = "seniors", _("Seniors")
    DISABLED = "disabled", _("People with disabilities")
    FAMILIES = "families", _("Families with children, children and youth")
    CRISIS = "crisis", _("People in crisis and need")
    ADDICTION = "addiction", _("People at risk of addiction")
    HEALTH = "health", _("Health promotion")


class PlanStatus(models.TextChoices):
    PREPARATION = "preparation", _("in preparation")
    APPROVED = "approved", _("approved")
    ARCHIVED = "archived", _("archived")


class PriorityKind(models.TextChoices):
    SYSTEMIC = "systemic", _("systemic")
    GROUP = "group", _("group-specific")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_DONE = "not_done", _("not done")
    CANCELLED = "cancelled", _("cancelled")


class GroupKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("working group")
    MANAGEMENT_TEAM = "management_team", _("management team")
    AGREEMENT_GROUP = "agreement_group", _("agreement group")
    STEERING_GROUP = "steering_group", _("steering group")
    DISCUSSION_FORUM = "discussion_forum", _("discussion forum")
    EXPERT_PLATFORM = "expert_platform", _("expert platform")


class TriadRole(models.TextChoices):
    COMMISSIONER = "commissioner", _("commissioner")
    PROVIDER = "provider", _("provider")
    SERVICE_USER = "service_user", _("service user")
    PUBLIC = "public", _("public")


class EventKind(models.TextChoices):
    SERVICES_DAY = "services_day", _("Social Services Day")
    TRAINING = "training", _("training")
    PUBLIC_MEETING = "public_meeting", _("public meeting")
    OTHER = "other", _("other event")


class SplitKey(models.TextChoices):
    """How the municipalities share the cost of a service in the network."""

    POPULATION = "population", _("by population of the municipalities served")
    USE = "use", _("by declared use")
    FIXED = "fixed", _("fixed split")
