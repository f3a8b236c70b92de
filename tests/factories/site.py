import datetime as dt
from decimal import Decimal

import factory
import wagtail_factories

from kpsite.home.models import HomePage
from kpsite.news.models import NewsIndexPage, NewsPage
from kpsite.projects.models import ProjectActivity, ProjectPage
from kpsite.standardpages.models import TextPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Úvod"
    intro = "<p>Vítejte na stránkách komunitního plánování.</p>"

    class Meta:
        model = HomePage


class TextPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Textová stránka {n}")
    intro = "Krátký úvod."
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Obsah stránky.</p>")])

    class Meta:
        model = TextPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Aktuality"
    slug = "aktuality"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Tisková zpráva {n}")
    date = factory.Sequence(lambda n: dt.date(2012, 1, 1) + dt.timedelta(days=n))
    intro = "Shrnutí zprávy."

    class Meta:
        model = NewsPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = "Projekt ESF"
    registration_number = "CZ.1.04/3.1.03/65.00042"
    start_date = dt.date(2011, 4, 1)
    end_date = dt.date(2012, 9, 30)
    budget = Decimal("1973786.00")
    eu_share = Decimal(85)
    national_share = Decimal(15)

    class Meta:
        model = ProjectPage


class ProjectActivityFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Aktivita {n}")
    start_month = dt.date(2011, 4, 1)
    end_month = dt.date(2011, 6, 1)

    class Meta:
        model = ProjectActivity
