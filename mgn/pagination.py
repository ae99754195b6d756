"""A paginator that counts in the page's own query.

Django's ``Paginator`` asks the database twice for a page: ``COUNT(*)`` over the list, then
the page's rows. ``CountInPagePaginator`` adds ``COUNT(*) OVER ()`` to the rows' query, the
number of rows the query has before LIMIT/OFFSET, so a page is one query. (PostgreSQL still
evaluates costly select-list subqueries only for the rows of the page: it computes them after
the sort and limit.) Only when a page number past the end was asked for (an empty result on
a page after the first) does it count separately, as Django does, to find the last page.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window

COUNT_ALIAS = "_paginator_count"


class CountInPagePaginator(Paginator):
    """A ``Paginator`` whose count comes with the page's rows (for an ordered QuerySet)."""

    def _counts_in_page(self) -> bool:
        query = getattr(self.object_list, "query", None)
        return (
            isinstance(self.object_list, QuerySet)
            and "count" not in self.__dict__
            and not query.distinct
            and query.group_by is None
            and not query.combinator
            and not query.is_sliced
        )

    def page(self, number):
        if not self._counts_in_page():
            return super().page(number)
        number = self._validate_number(number, float("inf"))
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(**{COUNT_ALIAS: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page + self.orphans])
        if not rows and number > 1:
            return super().page(number)  # past the end: count, then EmptyPage as usual
        self.count = getattr(rows[0], COUNT_ALIAS) if rows else 0
        number = self.validate_number(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows[: top - bottom], number, self)

    def get_page(self, number):
        """Like ``Paginator.get_page``: the first page for a non-number, the last for one past
        the end; without counting first."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)
