from rest_framework.pagination import CursorPagination, PageNumberPagination


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
