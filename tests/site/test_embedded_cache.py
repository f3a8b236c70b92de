"""Without Redis, the response and comment caches live in a file cache that every worker of the
server shares, so a change made in one process drops what the others cached."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from kp_catalogue.models import Service
from kp_consultation import caching as comment_caching
from tests.factories.catalogue import CatalogueIndexPageFactory, ServiceFactory
from tests.factories.consultation import ConsultedPageFactory

pytestmark = pytest.mark.django_db

INVALIDATE = (
    "from kp_catalogue import caching; from kp_consultation import caching as c; "
    "caching.invalidate(); c.invalidate({page_id})"
)


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {"default": {"BACKEND": "kpsite.base.cache.FailOpenFileBasedCache",
                                   "LOCATION": str(tmp_path / "cache"), "KEY_PREFIX": "kpss"}}
    settings.KP_CATALOGUE_CACHE_SECONDS = 600
    settings.KP_CONSULTATION_CACHE_SECONDS = 600
    return tmp_path


def another_worker(tmp_path, page_id):
    """A separate process with the site's own settings (no REDIS_URL), as a second gunicorn
    worker would be, writing to the same cache directory."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "DATABASE_URL", "KP_CATALOGUE_CACHE_SECONDS")}
    env |= {"DJANGO_SETTINGS_MODULE": "kpsite.settings.dev",
            "KPSS_CACHE_DIR": str(tmp_path / "cache"),
            "SQLITE_PATH": str(tmp_path / "unused.sqlite3")}
    subprocess.run([sys.executable, "manage.py", "shell", "-c",
                    INVALIDATE.format(page_id=int(page_id))],
                   cwd=django_settings.BASE_DIR, env=env, check=True, capture_output=True,
                   timeout=120)


def test_the_default_cache_without_redis_is_the_shared_file_cache():
    # The test settings use a memory cache; the site's own settings, as production reads them.
    result = subprocess.run(
        [sys.executable, "-c", "from kpsite.settings import base; "
         "print(base.CACHES['default']['BACKEND'], base.KP_CATALOGUE_CACHE_SECONDS, "
         "base.KP_CONSULTATION_CACHE_SECONDS)"],
        env={k: v for k, v in os.environ.items() if k != "REDIS_URL"}, capture_output=True,
        text=True, check=True, cwd=django_settings.BASE_DIR)
    assert result.stdout.split() == ["kpsite.base.cache.FailOpenFileBasedCache", "600", "600"]


def test_a_change_in_another_process_drops_cached_pages_and_comment_lists(
        client, home_page, file_cache):
    catalogue = CatalogueIndexPageFactory(parent=home_page)
    service = ServiceFactory(name="Odlehčovací služba Původní")
    service.save_revision().publish()
    draft = ConsultedPageFactory(parent=home_page, slug="navrh")

    assert "Původní" in client.get(catalogue.url).content.decode()
    # update() sends no signal: this process keeps serving the cached page.
    Service.objects.filter(pk=service.pk).update(name="Odlehčovací služba Nová")
    assert "Původní" in client.get(catalogue.url).content.decode()
    comments_version = comment_caching.version(draft.pk)

    another_worker(file_cache, draft.pk)

    assert "Nová" in client.get(catalogue.url).content.decode()
    assert comment_caching.version(draft.pk) != comments_version


def test_the_site_keeps_image_renditions_in_each_process_memory():
    result = subprocess.run(
        [sys.executable, "-c", "from kpsite.settings import base; "
         "print(base.CACHES['renditions']['BACKEND'], base.CACHES['renditions']['TIMEOUT'])"],
        env={k: v for k, v in os.environ.items() if k != "REDIS_URL"}, capture_output=True,
        text=True, check=True, cwd=django_settings.BASE_DIR)
    assert result.stdout.split() == ["django.core.cache.backends.locmem.LocMemCache", "600"]


def test_showing_an_image_writes_nothing_to_the_shared_cache(settings, tmp_path):
    # Wagtail writes a rendition back to its cache on every use: with the site's renditions
    # alias that write stays in memory, and the shared file cache gets no file per image view.
    # Uploaded before: saving an image rightly replaces the pages' token (navigation.py).
    image = Image.objects.create(title="Znak", file=get_test_image_file())
    settings.CACHES = {
        "default": {"BACKEND": "kpsite.base.cache.FailOpenFileBasedCache",
                    "LOCATION": str(tmp_path / "cache")},
        "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                       "LOCATION": "test-renditions"},
    }
    first = image.get_rendition("fill-40x40")
    assert image.get_rendition("fill-40x40").pk == first.pk
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []
    caches["renditions"].clear()


def test_the_file_cache_counts_its_files_on_one_write_in_cull_every(tmp_path, monkeypatch):
    from kpsite.base.cache import FailOpenFileBasedCache

    cache = FailOpenFileBasedCache(str(tmp_path / "cache"), {
        "OPTIONS": {"MAX_ENTRIES": 10, "CULL_EVERY": 5, "CULL_FREQUENCY": 3}})
    listings = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listings.append(1) or listing())
    most = 0
    for number in range(200):
        cache.set(f"k{number}", "x" * 100)
        most = max(most, len(listing()))
    assert len(listings) == 200 // 5
    # The ceiling holds, passed at most by the writes between two counts.
    assert 10 <= most <= 10 + 5
    assert len(listing()) <= 10 + 5
