"""Function IV's API (the domeinoverstijgend casusoverleg).

Read like the pages (``selectors.reeksen``): a series, its members and meetings by its
members and the network's coordinators; the cases on an agenda, a case's texts and
outcomes by the series' active members only (a coordinator who is no member sees counts,
never a case). Registering a case and raising a signal are for members, recording an
outcome and closing a case for the chair (``can_chair``). Signals are read by the network's
coordinators, the users acting for a policy partner (role B) and the series' members: a
category, gemeenten, the description, the month, the case code and the linked missing
offer, never a case's texts (R-PR-2).

A series, meeting or case the caller does not see answers 404 (another network's ids
included); a reader who may not act 403. The services' ValidationErrors answer 400 in
Dutch (mgn/api/errors.py): no current AVG agreement (R-DOC-1), no consent (R-DOC-3), an
identifier in a text (naming the field and the kind), no outcome before closing (R-DOC-4).
"""

import re
from datetime import datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from casusoverleg.api.serializers import (
    CasusDetailSerializer,
    CasusOverlegDetailSerializer,
    CasusOverlegSerializer,
    CasusreeksSerializer,
    CasusRegistratieSerializer,
    CasusSerializer,
    CasusUitkomstInputSerializer,
    CasusUitkomstSerializer,
    SignaalFilterSerializer,
    SignaalInputSerializer,
    SignaalSerializer,
)
from casusoverleg.constants import OverlegStatus
from casusoverleg.models import (
    Casus,
    CasusOverleg,
    Casusreeks,
    CasusUitkomst,
    ReeksLid,
    Signaal,
)
from casusoverleg.selectors.reeksen import (
    active_members,
    can_chair,
    casus_get_for_user,
    casussen_for_user,
    is_member,
    member_filter,
    member_organisations,
    overleg_get_for_user,
    reeks_get_for_user,
    reeksen_for_user,
)
from casusoverleg.selectors.signalen import signal_networks_for_user
from casusoverleg.services.casussen import casus_close, casus_register, uitkomst_record
from casusoverleg.services.signalen import signaal_raise
from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import CountInPagePagination, StableCursorPagination
from mgn.api.parsers import JSONParser
from networks.models import Network, Organisation

AGB = re.compile(r"^[0-9]{8}$")
ID = re.compile(r"^[1-9][0-9]{0,17}$")

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
SERVICE_REFUSED = {
    400: OpenApiResponse(
        ProblemSerializer,
        description="Ongeldige invoer of niet toegestaan; `errors` zegt waarom, per veld "
        "(bij een gegeven dat iemand herkenbaar maakt: welk veld en welke soort)",
    ),
}


def _not_found(what: str) -> dict:
    return {
        404: OpenApiResponse(
            ProblemSerializer, description=f"Geen {what} die u ziet (of het bestaat niet)"
        )
    }


def _forbidden(what: str) -> dict:
    return {
        403: OpenApiResponse(
            ProblemSerializer,
            description=f"U ziet dit, maar {what} (of een sessie zonder CSRF-token)",
        )
    }


# Helpers -------------------------------------------------------------------------------------
def organisation_by_key(value) -> Organisation | None:
    """An organisation by its AGB code (eight digits) or its id."""
    value = str(value).strip()
    if AGB.match(value):
        found = Organisation.objects.filter(agb_code=value).first()
        if found is not None:
            return found
    if ID.match(value):
        return Organisation.objects.filter(pk=int(value)).first()
    return None


def member_organisation(user, reeks: Casusreeks, given) -> Organisation:
    """The organisation the user sits in the series for: the one given (AGB or id), or the
    only one. 403 for a user who is no member."""
    organisations = list(member_organisations(user, reeks))
    if not organisations:
        raise PermissionDenied
    if given in (None, ""):
        if len(organisations) > 1:
            raise serializers.ValidationError(
                {
                    "organisatie": [
                        _(
                            "U zit voor meer dan één organisatie in deze reeks: noem de "
                            "organisatie (AGB-code of nummer)."
                        )
                    ]
                }
            )
        return organisations[0]
    found = organisation_by_key(given)
    if found is None or found.pk not in {o.pk for o in organisations}:
        raise serializers.ValidationError(
            {"organisatie": [_("U zit niet namens deze organisatie in de reeks.")]}
        )
    return found


def refused(error: DjangoValidationError, names: dict[str, str] | None = None):
    """A service's ValidationError as the API's 400, its fields named as in the request."""
    if not hasattr(error, "error_dict"):
        return serializers.ValidationError({"non_field_errors": error.messages})
    names = names or {}
    return serializers.ValidationError(
        {names.get(field, field): messages for field, messages in error.message_dict.items()}
    )


def with_counts(overleggen):
    """Meetings with the number of cases on their agenda (planned for them or with an
    outcome at them) and of outcomes recorded: one query, whatever the number."""
    agenda = (
        Casus.objects.filter(Q(overleg=OuterRef("pk")) | Q(uitkomsten__overleg=OuterRef("pk")))
        .order_by()
        .values("reeks_id")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    uitkomsten = (
        CasusUitkomst.objects.filter(overleg=OuterRef("pk"))
        .order_by()
        .values("overleg_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return overleggen.annotate(
        n_casussen=Coalesce(Subquery(agenda, output_field=IntegerField()), 0),
        n_uitkomsten=Coalesce(Subquery(uitkomsten, output_field=IntegerField()), 0),
    )


# Series and meetings -----------------------------------------------------------------------
class ReeksListView(GenericAPIView):
    """The series the caller sees, with their members and coming meetings."""

    serializer_class = CasusreeksSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Casusreeks.objects.none()
        user = self.request.user
        leden = ReeksLid.objects.filter(active_members()).select_related(
            "organisation", "professional", "user"
        )
        coming = CasusOverleg.objects.filter(
            starts_at__gte=timezone.now(), status=OverlegStatus.GEPLAND
        ).order_by("starts_at")
        return (
            reeksen_for_user(user)
            .select_related("network")
            .annotate(
                is_lid=Exists(ReeksLid.objects.filter(member_filter(user), reeks=OuterRef("pk")))
            )
            .prefetch_related(
                Prefetch("leden", queryset=leden, to_attr="active_leden"),
                Prefetch("overleggen", queryset=coming, to_attr="coming"),
            )
            .order_by("network__name", "name", "pk")
        )

    @extend_schema(
        summary="Casusoverlegreeksen die u ziet",
        description="De reeksen waarvan u lid bent of die u als netwerkcoördinator beheert "
        "(alleen netwerken die het casusoverleg bieden), met de huidige leden (naam, "
        "organisatie, domein, voorzitter) en de komende overleggen. Geen casus.",
        responses={200: CasusreeksSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class OverlegListView(GenericAPIView):
    """The meetings of one series, latest first, with counts."""

    serializer_class = CasusOverlegSerializer
    pagination_class = CountInPagePagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CasusOverleg.objects.none()
        reeks = reeks_get_for_user(self.request.user, self.kwargs["pk"])
        return with_counts(reeks.overleggen.all()).order_by("-starts_at", "-pk")

    @extend_schema(
        summary="De overleggen van een reeks",
        description="Nieuwste eerst, met de status, het aantal casussen op de agenda en het "
        "aantal vastgelegde uitkomsten. Voor de leden van de reeks en de "
        "netwerkcoördinatoren; anders 404.",
        responses={200: CasusOverlegSerializer(many=True), **ERRORS, **_not_found("reeks")},
    )
    def get(self, request, pk: int):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class OverlegDetailView(GenericAPIView):
    serializer_class = CasusOverlegDetailSerializer
    pagination_class = None

    @extend_schema(
        summary="Een overleg met zijn agenda",
        description="Voor de leden van de reeks de casussen op de agenda (code, reden, "
        "leeftijdsgroep, gemeente, levensgebieden, vraag, status): de casussen die voor dit "
        "overleg zijn aangemeld of hier een uitkomst kregen. Wie de reeks als "
        "netwerkcoördinator beheert zonder lid te zijn ziet alleen de aantallen (`agenda` is "
        "null). Anderen 404.",
        responses={200: CasusOverlegDetailSerializer, **ERRORS, **_not_found("overleg")},
    )
    def get(self, request, pk: int):
        overleg = overleg_get_for_user(request.user, pk)
        overleg = (
            with_counts(CasusOverleg.objects.filter(pk=overleg.pk))
            .select_related("reeks__network")
            .get()
        )
        agenda = None
        if is_member(request.user, overleg.reeks):
            agenda = (
                casussen_for_user(request.user)
                .filter(Q(overleg=overleg) | Q(uitkomsten__overleg=overleg))
                .distinct()
                .select_related("gemeente")
                .order_by("registered_at", "pk")
            )
        return Response(self.get_serializer(overleg, context={"agenda": agenda}).data)


# Cases ---------------------------------------------------------------------------------------
class CasusListView(GenericAPIView):
    serializer_class = CasusSerializer
    pagination_class = StableCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Casus.objects.none()
        return casussen_for_user(self.request.user).select_related("gemeente")

    @extend_schema(
        summary="Casussen van uw reeksen",
        description="De casussen van de reeksen waarvan u lid bent, nieuwste eerst, per "
        "pagina met een cursor. Alleen voor leden: een netwerkcoördinator die geen lid is "
        "krijgt een lege lijst.",
        responses={200: CasusSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _detail(casus: Casus) -> dict:
    uitkomsten = casus.uitkomsten.select_related("overleg", "eigenaar").order_by(
        "overleg__starts_at", "pk"
    )
    return CasusDetailSerializer(casus, context={"uitkomsten": uitkomsten}).data


class CasusDetailView(GenericAPIView):
    serializer_class = CasusDetailSerializer
    pagination_class = None

    @extend_schema(
        summary="Een casus met zijn teksten en uitkomsten",
        description="De situatie, wat al is geprobeerd, de vraag en elke uitkomst (oplossing, "
        "volgende stap, wie de casus oppakt en wanneer). Alleen voor de leden van de reeks; "
        "anders 404.",
        responses={200: CasusDetailSerializer, **ERRORS, **_not_found("casus")},
    )
    def get(self, request, pk: int):
        return Response(_detail(casus_get_for_user(request.user, pk)))


class CasusRegisterView(GenericAPIView):
    serializer_class = CasusRegistratieSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="Een casus aanmelden",
        description="Een lid meldt namens zijn organisatie een anonieme casus aan voor een "
        "komend overleg van de reeks (het eerstvolgende als `overleg` leeg is): de reden, "
        "de situatie, de levensgebieden, wat al is geprobeerd, de vraag, de leeftijdsgroep "
        "en de gemeente (CBS-code), en of de persoon meedeed of toestemming gaf. Geweigerd "
        "(400) zonder geldige verwerkingsafspraak (AVG) van het netwerk, zonder toestemming, "
        "of met een gegeven in een tekst dat iemand herkenbaar maakt. Antwoordt met de "
        "casus en zijn code.",
        request=CasusRegistratieSerializer,
        responses={
            201: OpenApiResponse(CasusDetailSerializer, description="Aangemeld"),
            **SERVICE_REFUSED,
            **ERRORS,
            **_forbidden("u bent geen lid van de reeks"),
            **_not_found("reeks"),
        },
    )
    def post(self, request, pk: int):
        reeks = reeks_get_for_user(request.user, pk)
        if not is_member(request.user, reeks):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = member_organisation(request.user, reeks, data.get("organisatie"))
        overleg = None
        if "overleg" in data:
            overleg = reeks.overleggen.filter(pk=data["overleg"]).first()
            if overleg is None:
                raise serializers.ValidationError(
                    {"overleg": [_("Kies een komend overleg van deze reeks.")]}
                )
        try:
            casus = casus_register(
                reeks=reeks,
                organisation=organisation,
                registered_by=request.user,
                reden=data["reden"],
                situatie=data["situatie"],
                levensdomeinen=data["levensdomeinen"],
                geprobeerd=data["geprobeerd"],
                vraag=data["vraag"],
                leeftijdsgroep=data["leeftijdsgroep"],
                gemeente=data["gemeente"],
                betrokkenheid=data["betrokkenheid"],
                overleg=overleg,
            )
        except DjangoValidationError as error:
            raise refused(error) from None
        casus = casus_get_for_user(request.user, casus.pk)
        return Response(_detail(casus), status=status.HTTP_201_CREATED)


class UitkomstView(GenericAPIView):
    serializer_class = CasusUitkomstInputSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="De uitkomst van een casus vastleggen",
        description="De voorzitter legt tijdens of na het overleg vast wat is afgesproken "
        "(R-DOC-4): de oplossing, de volgende stap, de organisatie die de casus oppakt "
        "(`eigenaar`: AGB-code of nummer) en de datum. Eén uitkomst per casus en overleg: "
        "opnieuw vastleggen verbetert haar (200). Alleen voor de voorzitter (anders 403 voor "
        "leden, 404 voor wie de casus niet ziet).",
        request=CasusUitkomstInputSerializer,
        responses={
            201: OpenApiResponse(CasusUitkomstSerializer, description="Vastgelegd"),
            200: OpenApiResponse(CasusUitkomstSerializer, description="Verbeterd"),
            **SERVICE_REFUSED,
            **ERRORS,
            **_forbidden("u bent geen voorzitter van de reeks"),
            **_not_found("casus"),
        },
    )
    def post(self, request, pk: int):
        casus = casus_get_for_user(request.user, pk)
        if not can_chair(request.user, casus.reeks):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        overleg = CasusOverleg.objects.filter(pk=data["overleg"], reeks_id=casus.reeks_id).first()
        if overleg is None:
            raise serializers.ValidationError(
                {"overleg": [_("Dit overleg hoort niet bij de reeks van de casus.")]}
            )
        eigenaar = organisation_by_key(data["eigenaar"])
        if eigenaar is None:
            raise serializers.ValidationError(
                {"eigenaar": [_("Onbekende organisatie: noem haar AGB-code of nummer.")]}
            )
        existed = CasusUitkomst.objects.filter(casus=casus, overleg=overleg).exists()
        try:
            uitkomst = uitkomst_record(
                casus=casus,
                overleg=overleg,
                oplossing=data["oplossing"],
                volgende_stap=data["volgende_stap"],
                eigenaar=eigenaar,
                datum=data["datum"],
                recorded_by=request.user,
            )
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(
            CasusUitkomstSerializer(uitkomst).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class CasusSluitenView(GenericAPIView):
    serializer_class = CasusDetailSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="Een casus sluiten",
        description="Alleen met een uitkomst (R-DOC-4): zonder uitkomst 400. Een gesloten "
        "casus wordt na de bewaartermijn van de verwerkingsafspraak verwijderd; signalen "
        "blijven. Alleen voor de voorzitter (403 voor andere leden, 404 voor wie de casus "
        "niet ziet). Geen inhoud nodig.",
        request=None,
        responses={
            200: OpenApiResponse(CasusDetailSerializer, description="Gesloten"),
            **SERVICE_REFUSED,
            **ERRORS,
            **_forbidden("u bent geen voorzitter van de reeks"),
            **_not_found("casus"),
        },
    )
    def post(self, request, pk: int):
        casus = casus_get_for_user(request.user, pk)
        if not can_chair(request.user, casus.reeks):
            raise PermissionDenied
        try:
            casus_close(casus=casus, closed_by=request.user)
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(_detail(casus_get_for_user(request.user, pk)))


# Signals -------------------------------------------------------------------------------------
class SignaalRaiseView(GenericAPIView):
    serializer_class = SignaalInputSerializer
    parser_classes = [JSONParser]
    pagination_class = None

    @extend_schema(
        summary="Een knelpuntsignaal bij een casus melden",
        description="Een lid van de reeks meldt bij een casus een knelpunt (R-DOC-5): de "
        "categorie, de gemeenten waar het speelt (CBS-codes, in het werkgebied van het "
        "netwerk) en een toelichting zonder gegevens die iemand herkenbaar maken. Het "
        "signaal houdt de casuscode, ook als de casus later wordt verwijderd.",
        request=SignaalInputSerializer,
        responses={
            201: OpenApiResponse(SignaalSerializer, description="Gemeld"),
            **SERVICE_REFUSED,
            **ERRORS,
            **_not_found("casus"),
        },
    )
    def post(self, request, pk: int):
        casus = casus_get_for_user(request.user, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        organisation = member_organisation(request.user, casus.reeks, data.get("organisatie"))
        try:
            signaal = signaal_raise(
                casus=casus,
                category=data["categorie"],
                gemeenten=data["gemeenten"],
                description=data["toelichting"],
                organisation=organisation,
                raised_by=request.user,
            )
        except DjangoValidationError as error:
            raise refused(error, {"category": "categorie", "description": "toelichting"}) from None
        signaal = (
            Signaal.objects.select_related("network")
            .prefetch_related("gemeenten")
            .get(pk=signaal.pk)
        )
        return Response(SignaalSerializer(signaal).data, status=status.HTTP_201_CREATED)


class SignaalListView(GenericAPIView):
    serializer_class = SignaalSerializer
    pagination_class = StableCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Signaal.objects.none()
        filters = SignaalFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        networks = signal_networks_for_user(self.request.user)
        if data.get("network"):
            network = networks.filter(slug=data["network"]).first()
            if network is None:
                raise Http404(_("Netwerk niet gevonden."))
            networks = Network.objects.filter(pk=network.pk)
        signalen = Signaal.objects.filter(network__in=networks.values("pk"))
        tz = timezone.get_current_timezone()
        if data.get("van"):
            signalen = signalen.filter(
                created_at__gte=datetime.combine(data["van"], time.min, tzinfo=tz)
            )
        if data.get("tot"):
            end = datetime.combine(data["tot"] + timedelta(days=1), time.min, tzinfo=tz)
            signalen = signalen.filter(created_at__lt=end)
        return signalen.select_related("network").prefetch_related("gemeenten")

    @extend_schema(
        summary="Knelpuntsignalen",
        description="De signalen van de netwerken waarvan u netwerkcoördinator bent, "
        "waarvan u namens een beleidspartner (rol B) handelt, of waarvan u lid bent van een "
        "reeks (R-DOC-5): categorie, gemeenten, toelichting, maand, casuscode en het "
        "gekoppelde ontbrekend aanbod. Nooit een tekst van de casus (R-PR-2). Met "
        "`network` (de korte naam) één netwerk: 404 als u zijn signalen niet leest; "
        "`van` en `tot` begrenzen de meldingsdatum.",
        parameters=[SignaalFilterSerializer],
        responses={200: SignaalSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
