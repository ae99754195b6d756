"""Placeholder: being written."""

from django.http import HttpResponse


def edit(request, **kwargs):
    return HttpResponse(status=501)


def finalise(request, **kwargs):
    return HttpResponse(status=501)


def correct(request, **kwargs):
    return HttpResponse(status=501)

