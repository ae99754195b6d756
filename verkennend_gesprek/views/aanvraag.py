"""Placeholder: being written."""

from django.http import HttpResponse


def overview(request, **kwargs):
    return HttpResponse(status=501)


def request_create(request, **kwargs):
    return HttpResponse(status=501)


def detail(request, **kwargs):
    return HttpResponse(status=501)

