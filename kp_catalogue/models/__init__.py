"""The catalogue's data: code lists, provider organisations, their services and the accounts
that manage them. One module per concern; this package re-exports every model so that
``from kp_catalogue.models import Service`` and Django's app loading keep working."""

from kp_catalogue.models.accounts import (
    ProviderInvitation,
    ProviderMedia,
    ProviderMembership,
    StaleReminder,
)
from kp_catalogue.models.providers import Provider
from kp_catalogue.models.reports import ProblemReport, ReportKind
from kp_catalogue.models.search import MunicipalityNameForm, SearchSynonym
from kp_catalogue.models.services import (
    Contact,
    Location,
    Service,
    ServiceProvision,
    ServiceStatus,
    ServiceTag,
)
from kp_catalogue.models.situations import LifeSituation, SituationIcon
from kp_catalogue.models.taxonomies import (
    AccessibilityFeature,
    AgeGroup,
    CapacityUnit,
    Language,
    Municipality,
    ServiceCategory,
    ServiceForm,
    ServiceType,
    TargetGroup,
    Taxonomy,
)

# Django registers a model when its module is imported while the app's models load; the
# catalogue page lives with the public views it serves, so it is imported here, last.
from kp_catalogue.public.page import CatalogueIndexPage  # noqa: E402, I001

__all__ = [
    "AccessibilityFeature", "AgeGroup", "Language", "ProblemReport", "ReportKind", "CapacityUnit",
    "CatalogueIndexPage", "Contact", "Location", "Municipality",
    "LifeSituation", "MunicipalityNameForm", "SearchSynonym",
    "Provider", "ProviderInvitation", "ProviderMedia", "ProviderMembership", "Service", "ServiceCategory", "ServiceForm",
    "ServiceProvision", "ServiceStatus", "ServiceTag", "ServiceType", "SituationIcon", "StaleReminder",
    "TargetGroup", "Taxonomy",
]
