"""Placeholder: being written."""

from django.http import HttpResponse


def status(request, **kwargs):
    return HttpResponse(status=501)


def download(request, **kwargs):
    return HttpResponse(status=501)


def restart(request, **kwargs):
    return HttpResponse(status=501)

