"""The registry of topic kinds and event sources, filled by the apps that own the objects.

kp_consultation cannot import kp_plans or kp_catalogue, so they register here from their
``AppConfig.ready()``: a kind names an object and gives its public address, a source yields
the events that happened (each with a stable key, so yielding it again changes nothing).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    kind: str
    object_id: int
    title: str
    url: str

    @property
    def key(self):
        return f"{self.kind}:{self.object_id}"


@dataclass(frozen=True)
class EventData:
    key: str
    kind: str
    object_id: int
    event_kind: str
    title: str
    url: str


_kinds = {}
_sources = []


def register_kind(kind, label, resolve, listing=None):
    """``resolve(object_id)`` returns a Topic for a public object, else None; ``listing()``,
    if given, returns the Topics of every public object of the kind (for the API's list)."""
    _kinds[kind] = (label, resolve, listing)


def register_source(source):
    """``source(now)`` yields EventData of recent events."""
    if source not in _sources:
        _sources.append(source)


def kind_label(kind):
    return _kinds[kind][0] if kind in _kinds else kind


def resolve(kind, object_id):
    if kind not in _kinds:
        return None
    return _kinds[kind][1](object_id)


def parse(value):
    """A Topic for "kind:id" if the object exists and is public, else None."""
    kind, _sep, raw_id = (value or "").partition(":")
    if not raw_id.isdigit() or len(raw_id) > 18:
        return None
    return resolve(kind, int(raw_id))


def kinds():
    """(kind, label) of every registered kind."""
    return [(kind, entry[0]) for kind, entry in _kinds.items()]


def listed(limit):
    """Every public topic of the kinds that can list theirs, at most ``limit`` of them."""
    found = []
    for _label, _resolve, listing in _kinds.values():
        if listing is None:
            continue
        for topic in listing():
            if len(found) >= limit:
                return found
            found.append(topic)
    return found


def sources():
    return list(_sources)
