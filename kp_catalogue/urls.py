"""Public URLs of the catalogue outside the page tree: the canonical HSDS API at /api/hsds/
(the same routes as /api/v3/hsds/, which the OpenAPI document describes) and the open-data
bundle, and the page where an invitee accepts an invitation. Include with
``path("", include("kp_catalogue.urls"))`` before Wagtail's catch-all."""

from django.urls import path
from ninja import NinjaAPI

from kp_catalogue.accounts.views import accept_invitation
from kp_catalogue.api.hsds import hsds_router
from kp_catalogue.api.opendata import open_data_bundle

hsds_api = NinjaAPI(title="HSDS 3.1", version="3.1", urls_namespace="kp_hsds",
                    docs_url=None, openapi_url=None)
hsds_api.add_router("/", hsds_router())

urlpatterns = [
    path("api/hsds/open-data.zip", open_data_bundle, name="kp_catalogue_open_data"),
    path("api/hsds/", hsds_api.urls),
    path("katalog-pozvanka/<str:token>/", accept_invitation,
         name="kp_catalogue_accept_invitation"),
]
