"""Celery tasks of function I (thin; see services and letter.py). Placeholder bodies are
replaced by the PDF/notification work."""

from celery import shared_task


@shared_task(acks_late=True)
def notify_planners(vg_id: int) -> None:
    return None


@shared_task(acks_late=True)
def send_invitations(gesprek_id: int) -> None:
    return None


@shared_task(acks_late=True)
def render_letter(brief_id: int) -> None:
    return None
