"""Placeholder: being written."""

from django.http import HttpResponse


def queue(request, **kwargs):
    return HttpResponse(status=501)


def schedule(request, **kwargs):
    return HttpResponse(status=501)


def reschedule(request, **kwargs):
    return HttpResponse(status=501)


def attendance(request, **kwargs):
    return HttpResponse(status=501)


def cancel(request, **kwargs):
    return HttpResponse(status=501)

