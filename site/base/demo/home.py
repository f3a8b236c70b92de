"""The demo home page's routes (finding help first, then the open consultation, the next
meetings, the plan and the news) and the microregion's crest. Runs last, so every page the
blocks point to exists."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

from kpsite.base.models import SiteSettings

HOME_ROUTES = [
    ("help_finder", {"heading": "Hledám pomoc",
                     "text": "Vyberte obec, kde žijete, a pro koho pomoc hledáte. Ukážeme "
                             "sociální služby, které tam pomáhají."}),
    ("open_consultation", {"heading": "Připomínkujte návrh plánu"}),
    ("upcoming_events", {"heading": "Nejbližší setkání a akce", "count": 4}),
    ("current_plan", {"heading": "Komunitní plán"}),
    ("latest_news", {"heading": "Aktuality", "count": 3}),
]


def demo_crest():
    """A made-up crest (a blue shield with a white wavy river) drawn here: no real one is used."""
    size = 192
    image = PillowImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(16, 12), (176, 12), (176, 100), (96, 184), (16, 100)], fill=(35, 98, 162))
    for top in (70, 104):
        draw.line([(30, top), (62, top - 14), (96, top), (130, top - 14), (162, top)],
                  fill=(255, 255, 255), width=10)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    # A flushed database (the browser tests' live server) has no root collection yet.
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return get_image_model().objects.create(
        title="Znak mikroregionu (ukázka)", collection=collection,
        file=ImageFile(buffer, name="znak-mikroregionu.png"))


def load(home, out):
    site_settings = SiteSettings.for_site(home.get_site())
    if site_settings.crest_id is None:
        site_settings.crest = demo_crest()
        site_settings.save()
        out("Znak mikroregionu v nastavení webu (ukázkový)")
    if home.routes:
        return  # an editor's (or an earlier run's) choice stays
    home.routes = HOME_ROUTES
    home.save_revision().publish()
    out("Úvodní stránka: bloky Hledám pomoc, připomínky, setkání, plán, aktuality")
