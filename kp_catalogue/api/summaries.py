"""The services API's list items, kept in the shared cache per service.

The response cache of the catalogue keys a whole answer by its URL, so every new filter
combination or search term misses it, and any edit drops all of it. The items of those answers
are the same few thousand service summaries over and over: each is stored under a key that names
the service with its own change stamp and its provider's (``updated_at``, moved by every save,
publication, import and confirmation), the version of the code lists it names
(``public.terms``) and the language. An edit therefore changes the key of that one service only,
a stale summary can never be served, and old keys simply expire. A list answer then needs the
IDs of its page in one query and one read of the cache; only the services whose summary is
missing are loaded with their relations.

Each item is kept as its JSON text, validated against the item schema once, when it is built:
validating a whole page of kept items again on every miss cost the list a fifth of its time.
``json_list`` joins them into the same bytes the list schema's own serialisation gives.
"""

from django.http import HttpResponse

from kp_catalogue.public.counting import TOTAL
from kp_catalogue.public.stamps import kept


def summaries(queryset, load, build):
    """``build(service)`` of each service of ``queryset`` (a filtered, ordered, sliced
    queryset of services), in its order, and the number of all services of the query where
    ``queryset`` carries it (``counting.with_total``) and has a row, else ``None``. ``load(pks)``
    returns those services with what ``build`` reads."""
    counted = TOTAL in queryset.query.annotations
    fields = ("pk", "updated_at", "provider__updated_at", *((TOTAL,) if counted else ()))
    rows = list(queryset.prefetch_related(None).values_list(*fields))
    total = rows[0][3] if counted and rows else None
    rows = [row[:3] for row in rows]
    parts = kept("summary-json", rows,
                 lambda pks: {service.pk: build(service) for service in load(pks)})
    return [parts[pk] for pk, _stamp, _provider_stamp in rows if pk in parts], total


def item_json(schema, build):
    """``build`` turned into a builder of ``schema``'s JSON text (validated once, here)."""

    def json_text(service):
        return schema.model_validate(build(service)).model_dump_json(by_alias=True)

    return json_text


def json_list(items, count):
    """The JSON of a ``{"items": [...], "count": ...}`` list schema from its items' JSON texts,
    as Pydantic writes it (compact, fields in order)."""
    return HttpResponse(f'{{"items":[{",".join(items)}],"count":{int(count)}}}',
                        content_type="application/json; charset=utf-8")
