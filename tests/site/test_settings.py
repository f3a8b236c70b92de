import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

ROOT = Path(__file__).resolve().parents[2]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "cs"
    assert settings.TIME_ZONE == "Europe/Prague"
    assert [code for code, _ in settings.LANGUAGES] == ["cs", "en"]


def test_production_settings_pass_deploy_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "kpsite.settings.production",
        "SECRET_KEY": "x" * 30 + "-production-like-secret-key-1234567890",
        "ALLOWED_HOSTS": "kpss.example.cz",
        "SQLITE_PATH": str(tmp_path / "db.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env |= {"DJANGO_SETTINGS_MODULE": "kpsite.settings.production", "ALLOWED_HOSTS": "x.cz"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_database_connection_is_set_up_for_its_engine():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 5000
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    else:
        assert connection.vendor == "postgresql"
        assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
        assert connection.settings_dict["CONN_MAX_AGE"] > 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_then_write_transactions_never_fail_with_database_locked():
    """Each thread reads, then writes, in one transaction: the pattern that fails at once with
    "database is locked" under SQLite's default DEFERRED transactions."""
    from django.contrib.auth.models import Group

    errors = []
    barrier = threading.Barrier(12)

    def worker(number):
        try:
            barrier.wait()
            for round_ in range(5):
                with transaction.atomic():
                    Group.objects.filter(name__startswith="w").count()
                    Group.objects.create(name=f"w{number}-{round_}")
        except Exception as exc:  # noqa: BLE001 - the test collects every failure
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Group.objects.filter(name__startswith="w").count() == 60


def test_redis_cache_when_configured():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    code = (
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "kpsite.settings.dev"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "kpsite.base.cache.FailOpenRedisCache", result.stderr


def test_postgres_when_database_url_is_set():
    env = {**os.environ, "DATABASE_URL": "postgres://kp:pw@db.example:5432/kpss",
           "DJANGO_SETTINGS_MODULE": "kpsite.settings.dev"}
    code = "from django.conf import settings;print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_production_mail_waits_a_bounded_time_for_the_server():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kpsite.settings.production",
           "SECRET_KEY": "x" * 30 + "-production-like-secret-key-1234567890",
           "ALLOWED_HOSTS": "kpss.example.cz", "EMAIL_HOST": "smtp.example.cz"}
    code = "from django.conf import settings;print(settings.EMAIL_TIMEOUT)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert 0 < float(result.stdout.strip()) <= 10, result.stderr


def test_the_embedded_sqlite_keeps_its_connection_between_requests(tmp_path):
    # Connecting (open the file, run the WAL pragmas) cost each request about 2 ms.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "kpsite.settings.production",
            "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "x.cz",
            "SQLITE_PATH": str(tmp_path / "db.sqlite3")}
    code = ("from django.db import connections, close_old_connections;"
            "from django.core.signals import request_finished;"
            "db = connections['default'];"
            "print(db.vendor, db.settings_dict['CONN_MAX_AGE'], db.settings_dict['CONN_HEALTH_CHECKS']);"
            "db.ensure_connection(); first = db.connection;"
            "request_finished.send(sender=None);"
            "db.ensure_connection(); print(db.connection is first)")
    result = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{code}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.split() == ["sqlite", "60", "True", "True"], result.stderr
