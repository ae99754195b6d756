"""Function II's API (the transfer table).

For the team's systems, read-only and counts only (R-TR-1, R-TR-7): the meetings a caller
sees, a meeting's anonymous demand picture and its proposals. Read like the pages: the
table's members (teamleden and gasten), its network's coordinators and users acting for its
regievoerder (``selectors.tafels.overleg_get_for_user``); anyone else gets 404.

For the holding provider's systems (R-TR-3, R-TR-2): its worklists (the accepted proposals
whose group waits on its lists), the person's answer per entry and the confirmed warm
handover. Only users (or API keys) acting for the holding provider
(``selectors.werklijst.werklijst_get_for_provider_user``); anyone else gets 404, a guest
of the table included. An entry is named by the provider's own wachtplek id or client
reference, or by a BSN that is checked through the region's pseudonym and never stored or
sent back. Reading a worklist's entries is logged per person (R-PR-1); the services log
every answer, BSN search and handover.

No answer here holds a BSN, pseudonym, name or birth date. Errors use the house problem
details (mgn/api/errors.py); the services' ValidationErrors answer 400.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import CountInPagePagination
from mgn.api.parsers import JSONParser
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import PersonRef, log_access_many
from networks.models import Gemeente
from transfer.api.serializers import (
    Codes,
    OverlegSerializer,
    UitkomstInputSerializer,
    VoorstelSerializer,
    VraagbeeldSerializer,
    WerklijstDetailSerializer,
    WerklijstRegelSerializer,
    WerklijstSerializer,
)
from transfer.models import TafelOverleg, Transfervoorstel, Uitkomst
from transfer.selectors.tafels import overleg_get_for_user, tafels_for_user
from transfer.selectors.voorstellen import picture_for_overleg, voorstellen_of
from transfer.selectors.vraagbeeld import WAIT_BANDS
from transfer.selectors.werklijst import (
    WerklijstRegel,
    entry_in_group,
    entry_key,
    group_entries,
    werklijst,
    werklijst_get_for_provider_user,
    werklijsten_for_provider_user,
)
from transfer.services.werklijst import entry_by_bsn, overdracht_bevestigen, uitkomst_vastleggen
from wachttijden.models import Zorgvraagtype

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
NOT_FOUND_OVERLEG = {
    404: OpenApiResponse(
        ProblemSerializer,
        description="Geen overleg van een transfertafel die u ziet (of het bestaat niet)",
    ),
}
NOT_FOUND_WERKLIJST = {
    404: OpenApiResponse(
        ProblemSerializer,
        description="Geen aanvaard voorstel van een aanbieder namens wie u handelt "
        "(of het bestaat niet)",
    ),
}
SERVICE_REFUSED = {
    400: OpenApiResponse(
        ProblemSerializer,
        description="Ongeldige invoer of niet toegestaan; `errors` zegt waarom, per veld",
    ),
}


# The team's reads ------------------------------------------------------------------------
class OverlegListView(GenericAPIView):
    """The meetings of the tables the caller sees, latest first."""

    serializer_class = OverlegSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TafelOverleg.objects.none()
        return (
            TafelOverleg.objects.filter(tafel__in=tafels_for_user(self.request.user).values("pk"))
            .select_related("tafel__network")
            .order_by("-starts_at", "-pk")
        )

    @extend_schema(
        summary="Overleggen van de transfertafels die u ziet",
        description="Van de tafels waar u lid of gast bent, die u als netwerkcoördinator "
        "ziet of namens de regievoerder beheert; nieuwste eerst, per pagina.",
        responses={200: OverlegSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class VraagbeeldView(GenericAPIView):
    """The anonymous demand picture of one meeting (R-TR-1)."""

    serializer_class = VraagbeeldSerializer
    pagination_class = None

    @extend_schema(
        summary="Het vraagbeeld van een overleg",
        description=(
            "Alleen aantallen (R-TR-1): per aanbod de wachtenden naar zorgvraagtype, "
            "urgentie, wachttijdband en woongemeente (`cellen`: wachtplekken en personen, "
            "elke persoon één keer), en per aanbod de vrije plekken in de komende weken en "
            "de verwachte wachttijd. Zorgvraagtypen met hun nummer, gemeenten met hun "
            "CBS-code; `zorgvraagtypen`, `gemeenten` en `wachttijdbanden` geven de namen. "
            "Voor de leden en gasten van de tafel en de netwerkcoördinatoren; anders 404."
        ),
        responses={200: VraagbeeldSerializer, **ERRORS, **NOT_FOUND_OVERLEG},
    )
    def get(self, request, pk: int):
        overleg = overleg_get_for_user(request.user, pk)
        picture = picture_for_overleg(overleg)
        types = {
            row[0]: row[1:]
            for row in Zorgvraagtype.objects.filter(
                pk__in=[label.pk for label in picture.zorgvraagtypes]
            ).values_list("pk", "number", "name")
        }
        gemeenten = dict(
            Gemeente.objects.filter(pk__in=[label.pk for label in picture.gemeenten]).values_list(
                "pk", "cbs_code"
            )
        )
        codes = Codes({pk: number for pk, (number, _name) in types.items()}, gemeenten)
        data = {
            "overleg": overleg.pk,
            "on": picture.on,
            "weeks": picture.weeks,
            "subregion": picture.subregion,
            "total": picture.total,
            "by_zorgvraagtype": picture.by_zorgvraagtype,
            "zorgvraagtypen": [
                {"nummer": number, "naam": name}
                for number, name in sorted(types.values(), key=lambda t: t[0])
            ],
            "gemeenten": [
                {"cbs_code": gemeenten[label.pk], "naam": label.text} for label in picture.gemeenten
            ],
            "wachttijdbanden": WAIT_BANDS,
            "offers": picture.offers,
            "cells": picture.cells,
        }
        return Response(self.get_serializer(data, context={"codes": codes}).data)


class VoorstelListView(GenericAPIView):
    """The stored proposals of one meeting (R-TR-1, R-TR-7)."""

    serializer_class = VoorstelSerializer
    pagination_class = None

    @extend_schema(
        summary="De voorstellen van een overleg",
        description=(
            "Groepsvoorstellen en individuele voorstellen (met een code als P1, nooit een "
            "persoon), gerangschikt op bespaarde wachtweken: personen × (wachttijd bij A − "
            "wachttijd bij B), uit de bij het vastleggen bewaarde cijfers (R-TR-7). Voor de "
            "leden en gasten van de tafel en de netwerkcoördinatoren; anders 404."
        ),
        responses={200: VoorstelSerializer(many=True), **ERRORS, **NOT_FOUND_OVERLEG},
    )
    def get(self, request, pk: int):
        overleg = overleg_get_for_user(request.user, pk)
        return Response(self.get_serializer(voorstellen_of(overleg), many=True).data)


# The holding provider's worklists ------------------------------------------------------------
class WerklijstListView(GenericAPIView):
    """The accepted proposals whose group waits at a provider the caller acts for."""

    serializer_class = WerklijstSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Transfervoorstel.objects.none()
        return werklijsten_for_provider_user(self.request.user)

    @extend_schema(
        summary="Werklijsten: aanvaarde voorstellen voor uw wachtenden",
        description=(
            "De voorstellen die een tafel aanvaardde voor wachtenden bij een aanbieder "
            "namens wie u handelt, nieuwste overleg eerst, met per voorstel het aantal "
            "antwoorden en overdrachten. Alleen aantallen: de wachtplekken staan in de "
            "werklijst zelf."
        ),
        responses={200: WerklijstSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class WerklijstDetailView(GenericAPIView):
    """One worklist: the group's entries with what was recorded for them."""

    serializer_class = WerklijstDetailSerializer
    pagination_class = None

    @extend_schema(
        summary="De werklijst van een aanvaard voorstel",
        description=(
            "Uw wachtplekken in de groep van het voorstel (R-TR-3), elk met uw eigen "
            "cliëntkenmerk, de aanmelddatum, het vastgelegde antwoord en of de warme "
            "overdracht is bevestigd; daarna wie al is overgedragen of met een nieuwe "
            "levering van uw lijst verdween. Nooit een BSN of pseudoniem. Elke getoonde "
            "wachtplek wordt in het toegangslog vastgelegd. Alleen voor wie namens de "
            "aanbieder met de wachtplekken handelt; anders 404 (ook voor een gast van de "
            "tafel)."
        ),
        responses={200: WerklijstDetailSerializer, **ERRORS, **NOT_FOUND_WERKLIJST},
    )
    def get(self, request, pk: int):
        voorstel = werklijst_get_for_provider_user(request.user, pk)
        regels = werklijst(voorstel)
        log_access_many(
            request,
            event=Event.READ,
            subjects=[
                PersonRef(IdentifierType.PSEUDONYM, regel.entry.pseudonym)
                for regel in regels
                if regel.entry is not None
            ],
            obj=voorstel,
            detail=f"API: werklijst transfervoorstel {voorstel.pk}",
        )
        return Response(self.get_serializer(voorstel, context={"regels": regels}).data)


class UitkomstView(GenericAPIView):
    """Record the person's answer for one entry of the group (R-TR-3)."""

    serializer_class = UitkomstInputSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="Het antwoord van een persoon vastleggen",
        description=(
            "Na het aanvaarde voorstel vraagt u elke persoon in de groep in uw eigen "
            "omgeving; leg hier het antwoord vast: `aanvaard`, `afgewezen` (de persoon "
            "blijft op uw lijst staan) of `geen_antwoord`. Een later antwoord vervangt het "
            "eerdere, tot de overdracht is bevestigd. Noem de wachtplek met precies één van "
            "`wachtplek` (het nummer uit de werklijst), `clientreferentie` (uw eigen "
            "kenmerk) of `bsn`: een BSN wordt via het pseudoniem van de regio in de groep "
            "gezocht, het zoeken wordt gelogd, en het BSN wordt niet bewaard of "
            "teruggestuurd. Hooguit het aantal personen van het voorstel kan aanvaarden. "
            "Antwoordt met de regel van de werklijst; 201 bij een eerste antwoord, 200 bij "
            "een gewijzigd antwoord."
        ),
        request=UitkomstInputSerializer,
        responses={
            201: OpenApiResponse(WerklijstRegelSerializer, description="Vastgelegd"),
            200: OpenApiResponse(WerklijstRegelSerializer, description="Antwoord gewijzigd"),
            **SERVICE_REFUSED,
            **ERRORS,
            **NOT_FOUND_WERKLIJST,
        },
    )
    def post(self, request, pk: int):
        voorstel = werklijst_get_for_provider_user(request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entry = self._entry(request, voorstel, data)
        existed = Uitkomst.objects.filter(
            voorstel=voorstel, entry_key=entry_key(entry.pseudonym)
        ).exists()
        uitkomst = uitkomst_vastleggen(
            voorstel=voorstel,
            wachtplek=entry,
            antwoord=data["antwoord"],
            user=request.user,
            request=request,
        )
        return Response(
            WerklijstRegelSerializer(WerklijstRegel(entry, uitkomst)).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

    def _entry(self, request, voorstel, data):
        if "wachtplek" in data:
            try:
                return entry_in_group(voorstel, data["wachtplek"])
            except Http404:
                raise serializers.ValidationError(
                    {"wachtplek": [_("Deze wachtplek hoort niet (meer) bij de groep.")]}
                ) from None
        if "clientreferentie" in data:
            found = list(
                group_entries(voorstel).filter(client_reference=data["clientreferentie"])[:2]
            )
            if not found:
                raise serializers.ValidationError(
                    {
                        "clientreferentie": [
                            _("Geen wachtplek met deze clientreferentie in de groep.")
                        ]
                    }
                )
            if len(found) > 1:
                raise serializers.ValidationError(
                    {
                        "clientreferentie": [
                            _(
                                "Meer dan één wachtplek in de groep heeft deze clientreferentie; "
                                "noem de wachtplek."
                            )
                        ]
                    }
                )
            return found[0]
        try:
            return entry_by_bsn(
                voorstel=voorstel, bsn=data["bsn"], user=request.user, request=request
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError({"bsn": error.messages}) from None


class OverdrachtView(GenericAPIView):
    """Confirm the warm handover of a person who accepted (R-TR-2)."""

    serializer_class = WerklijstRegelSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="De warme overdracht bevestigen",
        description=(
            "Voor een persoon die aanvaardde, eenmaal: de wachtplek wordt overgedragen "
            "(telt nergens meer mee als wachtend) en de overdracht wordt in het "
            "toegangslog vastgelegd voor uw organisatie en voor de ontvangende aanbieder. "
            "De gegevens van de persoon gaan niet via het platform: u draagt zelf over. "
            "Een tweede bevestiging, of een persoon die niet aanvaardde, geeft 400. Geen "
            "inhoud nodig."
        ),
        request=None,
        responses={
            200: OpenApiResponse(WerklijstRegelSerializer, description="Overgedragen"),
            **SERVICE_REFUSED,
            **ERRORS,
            404: OpenApiResponse(
                ProblemSerializer,
                description="Geen antwoord in een werklijst van een aanbieder namens wie u "
                "handelt (of het bestaat niet)",
            ),
        },
    )
    def post(self, request, pk: int):
        found = Uitkomst.objects.filter(pk=pk).only("pk", "voorstel_id").first()
        werklijst_get_for_provider_user(request.user, found.voorstel_id if found else 0)
        uitkomst = overdracht_bevestigen(uitkomst=found, user=request.user, request=request)
        # The entry is overgedragen now, out of the group: the line names it still.
        return Response(WerklijstRegelSerializer(WerklijstRegel(uitkomst.wachtplek, uitkomst)).data)
