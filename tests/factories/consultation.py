import datetime as dt

import factory
import wagtail_factories
from django.utils import timezone

from kp_consultation.models import Channel, Comment, Role, Status
from tests.testapp.models import ConsultedPage


def open_period(days_left=10):
    now = timezone.now()
    return {"comment_period_start": now - dt.timedelta(days=5),
            "comment_period_end": now + dt.timedelta(days=days_left)}


def closed_period():
    now = timezone.now()
    return {"comment_period_start": now - dt.timedelta(days=40),
            "comment_period_end": now - dt.timedelta(days=10)}


class ConsultedPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Návrh plánu {n}")
    intro = "Návrh komunitního plánu k připomínkám."
    managers = "manazer@example.cz"
    comment_period_start = factory.LazyFunction(lambda: open_period()["comment_period_start"])
    comment_period_end = factory.LazyFunction(lambda: open_period()["comment_period_end"])

    class Meta:
        model = ConsultedPage


class CommentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ConsultedPageFactory)
    section = "priority-seniors"
    text = factory.Sequence(lambda n: f"Připomínka číslo {n}: chybí odlehčovací služba.")
    author_name = "Jana Nováková"
    organisation = "Charita Valašské Meziříčí"
    role = Role.PROVIDER
    municipality = "Kelč"
    email = factory.Sequence(lambda n: f"pisatel{n}@example.cz")
    consent = True
    channel = Channel.WEB
    status = Status.PUBLISHED

    class Meta:
        model = Comment
