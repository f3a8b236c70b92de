"""The Wagtail Site of a page request without Wagtail's query for it on every page.

Wagtail looks the Site up by host and port on each request it serves (``Site.find_for_request``
keeps the answer only on the request). ``KnownSiteMiddleware`` gives such a request its Site
from ``navigation.site_for``: read once per process, checked against the page tree's token,
which saving any Site replaces, and copied for each request. It also makes the request known
to ``navigation.KnownRestrictionsMixin`` while it is served.
"""

from wagtail.views import serve as wagtail_serve

from kpsite.base import navigation


class KnownSiteMiddleware:
    """Only for the requests Wagtail serves: the APIs and the admin never ask for the Site, and
    the catalogue's cached answers are served before any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bound = navigation.current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            navigation.current_request.reset(bound)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = navigation.site_for(request)
            navigation.remember_site_root_paths(request)
        return None
