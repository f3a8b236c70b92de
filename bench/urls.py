"""The site's URLs plus the floor: the least a Django view on this stack can do."""

import json

from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST


@require_GET
def floor_get(request):
    return JsonResponse({"hello": "world"})


@csrf_exempt
@require_POST
def floor_post(request):
    payload = json.loads(request.body or b"{}")
    return JsonResponse({"received": len(payload)}, status=201)


urlpatterns = [
    path("bench/floor/", floor_get),
    path("bench/floor-post/", floor_post),
    path("", include("kpsite.urls")),
]
