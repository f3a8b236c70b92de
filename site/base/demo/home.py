"""The demo home page's routes: finding help first, then the open consultation, the next
meetings, the plan and the news. Runs last, so every page the blocks point to exists."""

HOME_ROUTES = [
    ("help_finder", {"heading": "Hledám pomoc",
                     "text": "Vyberte obec, kde žijete, a pro koho pomoc hledáte. Ukážeme "
                             "sociální služby, které tam pomáhají."}),
    ("open_consultation", {"heading": "Připomínkujte návrh plánu"}),
    ("upcoming_events", {"heading": "Nejbližší setkání a akce", "count": 4}),
    ("current_plan", {"heading": "Komunitní plán"}),
    ("latest_news", {"heading": "Aktuality", "count": 3}),
]


def load(home, out):
    if home.routes:
        return  # an editor's (or an earlier run's) choice stays
    home.routes = HOME_ROUTES
    home.save_revision().publish()
    out("Úvodní stránka: bloky Hledám pomoc, připomínky, setkání, plán, aktuality")
