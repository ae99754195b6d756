"""Placeholder: being written."""

from django.http import HttpResponse


def open_list(request, **kwargs):
    return HttpResponse(status=501)


def record(request, **kwargs):
    return HttpResponse(status=501)

