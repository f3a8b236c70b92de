"""The site's URLs without the consultation app's public pages (no /konzultace/): a site that
shows the catalogue but offers no following."""

from kpsite.urls import urlpatterns as site_urlpatterns

urlpatterns = [entry for entry in site_urlpatterns
               if not str(getattr(entry, "pattern", "")).startswith("konzultace/")]
