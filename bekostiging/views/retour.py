"""The upload of a return message (R-BK-4, R-BK-5): a 574 XML message or a CSV of
verdicts, applied all or nothing, with the insurer's latest messages.

Who: users acting for an insurer (``act_for_organisation``), as on the insurer's pages
(views/exports.py): 403 for anyone acting for no insurer, 404 for an insurer or network that
is not theirs. Every changed line of a person is logged (R-PR-1).
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render

from bekostiging.forms.retour import RetourUploadForm
from bekostiging.selectors.exports import insurer_scope_for_user, retourberichten_for_insurer
from bekostiging.services.retour import (
    MAX_REPORTED_ERRORS,
    MAX_UPLOAD,
    VerdictsRefused,
    parse_574,
    parse_verdict_csv,
    verdicts_apply,
)
from bekostiging.views.exports import insurer_url

HISTORY_SHOWN = 10


@login_required
def retour_upload(request):
    """A return message (574 XML or a CSV of verdicts): all lines or nothing."""
    params = request.POST if request.method == "POST" else request.GET
    scope = insurer_scope_for_user(request.user, params)
    insurer, network = scope.insurer, scope.network
    form = RetourUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        insurers=scope.insurers,
        networks=scope.networks,
        initial={"verzekeraar": insurer, "netwerk": network},
    )
    context = {
        "insurer": insurer,
        "network": network,
        "form": form,
        "several_insurers": scope.several_insurers,
        "several_networks": scope.several_networks,
        "back": insurer_url(insurer, network),
    }
    if request.method == "POST" and network is not None and form.is_valid():
        upload = form.cleaned_data["bestand"]
        data = upload.read(MAX_UPLOAD + 1)
        try:
            if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                reference, verdicts = parse_574(data, uzovi=insurer.uzovi)
            else:
                reference, verdicts = "", parse_verdict_csv(data)
            bericht = verdicts_apply(
                user=request.user,
                network=network,
                insurer=insurer,
                verdicts=verdicts,
                source_reference=reference[:40],
                request=request,
            )
        except VerdictsRefused as refused:
            context.update(refused=refused.report)
        except ValidationError as error:
            context.update(invalid=error.messages[: MAX_REPORTED_ERRORS + 1])
        else:
            context.update(bericht=bericht)
    if network is not None:
        context["history"] = list(retourberichten_for_insurer(insurer, network)[:HISTORY_SHOWN])
    status = 400 if ("refused" in context or "invalid" in context) else 200
    return render(request, "bekostiging/insurer_retour.html", context, status=status)
