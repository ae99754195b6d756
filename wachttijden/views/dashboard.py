"""Placeholder: being written."""

from django.http import HttpResponse


def dashboard(request, **kwargs):
    return HttpResponse(status=501)


def csv_download(request, **kwargs):
    return HttpResponse(status=501)


def report_create(request, **kwargs):
    return HttpResponse(status=501)


def report_status(request, **kwargs):
    return HttpResponse(status=501)


def report_download(request, **kwargs):
    return HttpResponse(status=501)


def run_overview(request, **kwargs):
    return HttpResponse(status=501)


def central_list(request, **kwargs):
    return HttpResponse(status=501)
