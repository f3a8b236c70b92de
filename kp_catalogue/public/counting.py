"""A page of filtered services and the number of all of them, in one query.

A listing shows a page of services and how many match. Counting with a query of its own runs the
filters and the search a second time, which on a miss cost as much as loading the page (about
1.5 ms each for two filters and a search over 2,000 services). ``COUNT(*) OVER ()`` is counted
before ``LIMIT``, so the page's own rows carry the total; only a page past the end, which has no
row to carry it, is counted apart.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Window

TOTAL = "kp_total"


def with_total(queryset):
    return queryset.annotate(**{TOTAL: Window(Count("pk"))})


class CountingPaginator(Paginator):
    """A Paginator over a queryset whose count comes with the requested page. The page's IDs are
    read with the total (a narrow row: SQLite sorts and counts every match, and whole rows of
    services made that slower than two queries), then ``load(pks)`` reads those services."""

    def __init__(self, object_list, per_page, load, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load = load

    def get_page(self, number):
        # Django's get_page() counts before it asks for the page.
        page = self._counted_page(number)
        return page if page is not None else super().get_page(number)

    def page(self, number):
        page = self._counted_page(number)
        return page if page is not None else super().page(number)

    def _counted_page(self, number):
        """The page with its count, or None where Django's own checks and messages apply
        (not a whole number, below 1, past the end, nothing matches)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        if number < 1:
            return None
        bottom = (number - 1) * self.per_page
        rows = list(with_total(self.object_list).values_list("pk", TOTAL)[
            bottom:bottom + self.per_page + self.orphans])
        if not rows:
            return None
        self.__dict__["count"] = rows[0][1]
        if number > self.num_pages:
            return None  # only orphans there: they belong to the page before
        if bottom + self.per_page + self.orphans < self.count:
            rows = rows[:self.per_page]  # as Paginator.page(): orphans join the last page only
        loaded = {item.pk: item for item in self.load([pk for pk, _total in rows])}
        return self._get_page([loaded[pk] for pk, _total in rows if pk in loaded], number, self)
