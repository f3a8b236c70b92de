import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Site

from kpsite.base.models import SiteSettings
from kpsite.projects.models import ProjectPage

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_site_and_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "kpss-demo-admin" in first
    counts = Page.objects.count()
    call_command("load_demo")
    assert Page.objects.count() == counts
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    project = ProjectPage.objects.get()
    assert project.registration_number == "CZ.1.04/3.1.03/65.00042"
    assert project.activities.count() == 7
    site_settings = SiteSettings.for_site(site)
    assert site_settings.accessibility_page and site_settings.privacy_page


def test_load_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
