"""Placeholder: being written."""

from django.http import HttpResponse


def provider_home(request, **kwargs):
    return HttpResponse(status=501)


def upload(request, **kwargs):
    return HttpResponse(status=501)


def slots(request, **kwargs):
    return HttpResponse(status=501)


def opgave_import(request, **kwargs):
    return HttpResponse(status=501)
