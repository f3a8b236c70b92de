import datetime as dt
import os
import shutil
import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.utils import timezone
from wagtail.models import Page, Site

from tests.factories.site import HomePageFactory


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: a skip hides a check that did not run."""
    if not os.environ.get("KPSS_FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"KPSS_FORBID_SKIPS: {len(skipped)} test(s) skipped; failing the run.",
                            red=True)
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts and ends with an empty cache: rate-limit counters and cached pages
    must not leak from one test into another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """The site's home page, as the default Site's root (replacing Wagtail's placeholder)."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children():
        placeholder.delete()
    home = HomePageFactory(parent=root, title="Úvod", slug="uvod")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Test")
    return home


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.cz", password="Heslo-pro-testy-1"
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


django_db_setup_state = {}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The freshly migrated database, remembered so the demo is always built on the same
    state, whichever test first asks for it (tests/snapshot.py)."""
    from tests import snapshot

    with django_db_blocker.unblock():
        django_db_setup_state["migrated"] = snapshot.take()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """The VM+K demo (`load_demo`), built once per session on the migrated database and kept
    as a copy of every table, with the media files it wrote."""
    from django.core.management import call_command
    from django.test import override_settings

    from tests import snapshot

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        before = snapshot.take()
        snapshot.restore(django_db_setup_state["migrated"])
        # load_demo refuses to run without DEBUG (it is never for a production database).
        with override_settings(DEBUG=True, MEDIA_ROOT=str(media)), \
                open(os.devnull, "w") as devnull:
            call_command("load_demo", stdout=devnull)
        demo = snapshot.take()
        snapshot.restore(before)
    return demo, media


@pytest.fixture
def demo_db(db, demo_snapshot, settings):
    """The database holds exactly the VM+K demo, as `load_demo` leaves it."""
    from tests import snapshot

    demo, media = demo_snapshot
    snapshot.restore(demo)
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)


@pytest.fixture
def clock(monkeypatch):
    """Moves the time of the pages and of the test cache's expiry together."""

    class Clock:
        shift = dt.timedelta()

        def move_to(self, moment):
            self.shift = moment - timezone.now() + self.shift

    state = Clock()
    real_now, real_time = timezone.now, time.time

    class ShiftedTime:
        @staticmethod
        def time():
            return real_time() + state.shift.total_seconds()

    monkeypatch.setattr(timezone, "now", lambda: real_now() + state.shift)
    monkeypatch.setattr(locmem, "time", ShiftedTime)
    return state


@pytest.fixture
def cache_calls(monkeypatch):
    """``watch(module, methods)`` replaces ``module.cache`` by one that records each call of
    ``methods`` (default ``get`` and ``get_many``, the reads; ``None``: every method) as
    ``(method, key or keys)`` in the list it returns (or in ``calls``, to watch several modules
    in one list, in order): the round trips a request makes."""

    def watch(module, methods=("get", "get_many"), calls=None):
        calls = [] if calls is None else calls
        real = module.cache

        class Recording:
            def __getattr__(self, name):
                attribute = getattr(real, name)
                if not callable(attribute) or (methods is not None and name not in methods):
                    return attribute

                def recorded(*args, **kwargs):
                    calls.append((name, args[0] if args else None))
                    return attribute(*args, **kwargs)

                return recorded

        monkeypatch.setattr(module, "cache", Recording())
        return calls

    return watch
