from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .context_processors import FONT_SIZE_COOKIE, FONT_SIZES

ONE_YEAR = 60 * 60 * 24 * 365


@require_GET
def set_font_size(request, size):
    """Store the chosen text size and return to the page the reader came from.

    The A−/A/A+ links point here so the control works without JavaScript; the script only
    saves the reload. Only local return addresses are followed (no open redirect).
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if size in FONT_SIZES:
        response.set_cookie(
            FONT_SIZE_COOKIE, size, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure()
        )
    return response


@never_cache
def healthz(request):
    """For the load balancer: answers 200 when the database answers. A failing cache only
    slows the site down (its backends fail open), so it is reported, not failed on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    cache.get("kpss:healthz")  # a call that notices an outage (or a recovery) now
    cache_state = "degraded" if getattr(cache, "degraded", False) else "ok"
    return JsonResponse({"status": "ok", "database": "ok", "cache": cache_state})


@require_GET
def robots_txt(request):
    """Crawlers may read the public site; the admin and the comment endpoints are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /konzultace/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
