from .aanbod import Aanbod, Hoofddiagnosegroep, IntakeSlots, OntbrekendAanbod, Zorgvraagtype
from .overzicht import OverviewRun, ReportJob, SnapshotFigure
from .wachtlijst import WachtlijstJob, WachtlijstUpload, Wachtplek, WachttijdOpgave

__all__ = [
    "Aanbod",
    "Hoofddiagnosegroep",
    "IntakeSlots",
    "OntbrekendAanbod",
    "OverviewRun",
    "ReportJob",
    "SnapshotFigure",
    "WachtlijstJob",
    "WachtlijstUpload",
    "Wachtplek",
    "WachttijdOpgave",
    "Zorgvraagtype",
]
