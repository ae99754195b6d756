"""Every web route of bekostiging (included under /bekostiging/ in mgn/urls.py)."""

from django.urls import path

from bekostiging.views import (
    begroting,
    contracten,
    contractering,
    declaraties,
    exports,
    financiering,
    retour,
)

app_name = "bekostiging"

urlpatterns = [
    # Declaration lines (coordinators and providers)
    path("declaraties/", declaraties.regels, name="regels"),
    path("declaraties/<int:pk>/", declaraties.regel_detail, name="regel_detail"),
    path("declaraties/<int:pk>/corrigeren/", declaraties.regel_correct, name="regel_correct"),
    path("tegengehouden/", declaraties.tegengehouden, name="tegengehouden"),
    path(
        "tegengehouden/<int:pk>/verzekering/",
        declaraties.verzekering_add,
        name="verzekering_add",
    ),
    path("<slug:slug>/declaraties/klaar/", declaraties.regels_klaar, name="regels_klaar"),
    path("<slug:slug>/genereren/", declaraties.genereren, name="genereren"),
    # Contracts and the verdeelsleutel (coordinators)
    path("<slug:slug>/contracten/", contracten.contracten, name="contracten"),
    path("<slug:slug>/contracten/nieuw/", contracten.contract_create, name="contract_create"),
    path("<slug:slug>/verdeelsleutel/", contracten.verdeelsleutel, name="verdeelsleutel"),
    path("<slug:slug>/kassiers/", contracten.kassiers, name="kassiers"),
    # The insurer's lines and exports
    path("verzekeraar/", exports.insurer, name="insurer"),
    path("verzekeraar/export/", exports.export_create, name="export_create"),
    path("verzekeraar/export/<int:pk>/", exports.export_detail, name="export_detail"),
    path(
        "verzekeraar/export/<int:pk>/download/",
        exports.export_download,
        name="export_download",
    ),
    path("verzekeraar/export/<int:pk>/verwerkt/", exports.export_mark, name="export_mark"),
    # The insurer's return messages
    path("verzekeraar/retour/", retour.retour_upload, name="retour_upload"),
    # Gemeente funding
    path("gemeenten/", financiering.gemeenten, name="gemeenten"),
    path(
        "<slug:slug>/gemeenten/afspraak/",
        financiering.afspraak_create,
        name="afspraak_create",
    ),
    path(
        "gemeenten/afspraak/<int:pk>/bewerken/",
        financiering.afspraak_edit,
        name="afspraak_edit",
    ),
    path(
        "gemeenten/afspraak/<int:pk>/overschrijding/",
        financiering.overschrijding_besluit_view,
        name="overschrijding_besluit",
    ),
    # Budget
    path("begroting/", begroting.index, name="begroting_index"),
    path("<slug:slug>/begroting/", begroting.begroting, name="begroting"),
    path(
        "<slug:slug>/begroting/post/",
        begroting.begrotingspost_create,
        name="begrotingspost_create",
    ),
    path("begroting/post/<int:pk>/", begroting.begrotingspost_edit, name="begrotingspost_edit"),
    # Contracting documents and the checklist (R-NW-7)
    path("contractering/", contractering.index, name="contractering_index"),
    path("<slug:slug>/contractering/", contractering.contractering, name="contractering"),
    path(
        "<slug:slug>/contractering/uploaden/",
        contractering.upload,
        name="contractering_upload",
    ),
    path(
        "<slug:slug>/contractering/vastleggen/",
        contractering.freeze,
        name="contractering_freeze",
    ),
    path(
        "<slug:slug>/contractering/partijen.csv",
        contractering.partijen_csv,
        name="contractering_partijen_csv",
    ),
    path(
        "<slug:slug>/contractering/begroting.csv",
        contractering.begroting_csv,
        name="contractering_begroting_csv",
    ),
    path(
        "contractering/versie/<int:pk>/bevestigen/",
        contractering.confirm,
        name="contractering_confirm",
    ),
    path(
        "contractering/versie/<int:pk>/download/",
        contractering.download,
        name="contractering_download",
    ),
]
