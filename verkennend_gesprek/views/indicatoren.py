"""Placeholder: being written."""

from django.http import HttpResponse


def page(request, **kwargs):
    return HttpResponse(status=501)

