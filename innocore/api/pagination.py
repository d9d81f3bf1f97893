"""Pages of ``PAGE_SIZE`` rows (``?page=N``); a client may ask ``?page_size=`` up to ``MAX_PAGE_SIZE``."""
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class PortalPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
