"""Every UI string has a Czech translation, and the compiled catalogues match their sources."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Each app's catalogue, refreshed from its sources by `make messages`.
APP_CATALOGUES = sorted(
    path for folder in ["site", "kp_catalogue", "kp_plans", "kp_consultation"]
    for path in (ROOT / folder).glob("locale/cs/LC_MESSAGES/django.po")
)
# Czech for Wagtail's own strings that Wagtail's catalogue lacks: no source of ours has them.
WAGTAIL_CZECH = ROOT / "site/wagtail_czech/locale/cs/LC_MESSAGES/django.po"
CATALOGUES = [*APP_CATALOGUES, WAGTAIL_CZECH]


def test_there_are_czech_catalogues():
    assert len(APP_CATALOGUES) == 4 and WAGTAIL_CZECH.exists()


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_up_to_date(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
              for e in po.translated_entries()}
    assert compiled == source, "run: make messages"


@pytest.mark.parametrize("po_path", APP_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_source_string_is_in_the_catalogue(po_path, tmp_path):
    """Refresh the catalogue from the sources in a scratch copy, as `make messages` does: a
    string added to the code or a template without a Czech translation shows up untranslated."""
    app = po_path.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kpsite.settings.test", "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "cs", "--no-obsolete",
         "--ignore=tests/*"],
        cwd=copy, env=env, check=True, capture_output=True,
    )
    refreshed = polib.pofile(str(copy / po_path.relative_to(app)))
    missing = [entry.msgid for entry in refreshed.untranslated_entries()]
    missing += [entry.msgid for entry in refreshed.fuzzy_entries()]
    assert not missing, f"not translated (run make messages and translate): {missing}"
    # Nothing the running site translates may be lost by the refresh: a string used in a way
    # xgettext cannot see (a Wagtail string, a label passed to ngettext later) would silently
    # turn English after the next `make messages`.
    kept = {(entry.msgctxt, entry.msgid) for entry in refreshed.translated_entries()}
    dropped = [entry.msgid for entry in polib.pofile(str(po_path)).translated_entries()
               if (entry.msgctxt, entry.msgid) not in kept]
    assert not dropped, f"make messages would drop these translations: {dropped}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_gnu_msgfmt_accepts_the_catalogue(po_path, tmp_path):
    """msgfmt checks what polib does not: every plural entry has the language's number of
    forms (four for Czech in Django's catalogue) and python-format placeholders match."""
    result = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"),
                             str(po_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_msgid_is_translated_two_ways_by_two_apps():
    """Django gives a msgid that two apps share the translation of the app listed first in
    INSTALLED_APPS, so a bare "name" (název in the catalogue, jméno for a commenter) silently
    renames the other app's field. Shared words need a context (pgettext)."""
    seen = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
            value = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            seen.setdefault(key, {})[po_path.parents[3].name] = value
    clashes = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not clashes


def test_wagtails_own_strings_are_czech_from_the_separate_catalogue():
    from django.utils import translation

    entries = [entry for entry in polib.pofile(str(WAGTAIL_CZECH)).translated_entries()
               if not entry.msgid_plural and not entry.msgctxt]
    with translation.override("cs"):
        wrong = [entry.msgid for entry in entries
                 if translation.gettext(entry.msgid) != entry.msgstr]
    assert len(entries) > 50 and wrong == []
