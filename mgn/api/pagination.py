from rest_framework.pagination import CursorPagination, PageNumberPagination

from mgn.pagination import CountInPagePaginator


class CappedPageNumberPagination(PageNumberPagination):
    """Page numbers for small lists; the client may ask up to 200 rows a page."""

    page_size_query_param = "page_size"
    max_page_size = 200


class StableCursorPagination(CursorPagination):
    """For large lists: no COUNT(*) over the whole table (DESIGN.md, DRF pitfalls)."""

    ordering = "-id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CountInPagePagination(CappedPageNumberPagination):
    """Page numbers whose total count comes with the page's rows: one query a page
    (``mgn.pagination.CountInPagePaginator``)."""

    django_paginator_class = CountInPagePaginator
