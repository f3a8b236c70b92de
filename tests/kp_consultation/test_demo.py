"""The demo step finds consultation pages by their mixin and fills them once."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kp_consultation.models import Channel, Comment, Settlement, Status
from tests.factories.consultation import ConsultedPageFactory, closed_period
from tests.testapp.models import ConsultedPage

pytestmark = pytest.mark.django_db


def test_demo_step_without_consultation_pages_adds_nothing(home_page):
    # The step alone, on a tree with no consultation page (the full demo has plan drafts).
    from kpsite.base.demo import consultation as consultation_step
    from tests.factories.site import TextPageFactory

    TextPageFactory(parent=home_page)
    consultation_step.load(home_page, lambda message: None)
    assert not Comment.objects.exists()


def test_demo_fills_open_and_closed_consultations_idempotently(settings, demo_db):
    settings.DEBUG = True
    from kpsite.home.models import HomePage

    home = HomePage.objects.get()
    open_page = ConsultedPageFactory(parent=home, slug="otevreny")
    closed_page = ConsultedPageFactory(parent=home, slug="uzavreny", **closed_period())
    ConsultedPageFactory(parent=home, slug="budouci",
                         comment_period_start=timezone.now() + dt.timedelta(days=3),
                         comment_period_end=timezone.now() + dt.timedelta(days=30))
    call_command("load_demo")
    counts = Comment.objects.count()
    call_command("load_demo")
    assert Comment.objects.count() == counts
    open_comments = Comment.objects.filter(page=open_page)
    assert {Status.PUBLISHED, Status.PENDING, Status.REJECTED} <= set(
        open_comments.values_list("status", flat=True))
    assert open_comments.filter(channel=Channel.PAPER).exists()
    assert Settlement.objects.filter(page=closed_page).exists()
    assert ConsultedPage.objects.get(pk=closed_page.pk).consultation_state() == "settled"
    assert not Comment.objects.filter(page__slug="budouci").exists()
    assert not Comment.objects.for_settlement().filter(page=closed_page, decision="").exists()
