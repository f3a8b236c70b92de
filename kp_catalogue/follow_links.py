"""The link to follow one municipality's catalogue by e-mail, provided by another app.

The catalogue has no following of its own and must not import the app that has it. The app
that offers "the catalogue of a municipality" as something to follow (kp_plans) registers a
function here from its ``ready()``; without one, or when that function finds no address to
send people to (the site does not route following), no link is shown.
"""

_municipality_link = None


def register_municipality_link(link):
    """``link(municipality)`` returns the address where the public follows it, or ""."""
    global _municipality_link
    _municipality_link = link


def municipality_link(municipality):
    if _municipality_link is None or municipality is None:
        return ""
    return _municipality_link(municipality) or ""
