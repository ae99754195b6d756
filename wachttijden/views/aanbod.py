"""Placeholder: being written."""

from django.http import HttpResponse


def sociale_kaart(request, **kwargs):
    return HttpResponse(status=501)


def create(request, **kwargs):
    return HttpResponse(status=501)


def detail(request, **kwargs):
    return HttpResponse(status=501)


def edit(request, **kwargs):
    return HttpResponse(status=501)


def missing(request, **kwargs):
    return HttpResponse(status=501)
