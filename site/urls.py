from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from kpsite.base import views as base_views
from kpsite.base.search import search

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The plugin apps add their routers to this same NinjaAPI in their AppConfig.ready(),
    # so one OpenAPI document at /api/v3/openapi.json describes everything.
    path("api/v3/", api.urls),
    path("healthz/", base_views.healthz, name="healthz"),
    path("pismo/<str:size>/", base_views.set_font_size, name="set_font_size"),
    path("sitemap.xml", sitemap),
    path("robots.txt", base_views.robots_txt, name="robots_txt"),
    path("hledat/", search, name="search"),
    path("konzultace/", include("kp_consultation.urls")),
    path("", include("kp_catalogue.urls")),  # /api/hsds/ and the open-data bundle
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
