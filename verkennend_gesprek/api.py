"""Placeholder: being written."""

from rest_framework import viewsets


class VerkennendGesprekViewSet(viewsets.GenericViewSet):
    pass
