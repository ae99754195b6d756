"""E-mail helpers for the apps' notifications (sent by Celery tasks, never from a request):
absolute links to the site, a message rendered from a Dutch text template, and sending a
batch over one connection::

    message = email_message(subject, "emails/adviesbrief_klaar.txt", {"letter_url": absolute(path)}, to)
    message.attach("uitnodiging.ics", calendar(event, stamp=now), "text/calendar; method=REQUEST")
    email_send([message])
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The site's address without a trailing slash (setting SITE_URL; the fallback keeps
    mails working in a bare checkout)."""
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    """A path of the site as a full URL, for a link in a mail."""
    return f"{site_url()}{path}"


def email_message(
    subject: str, template: str, context: dict, to: str | Sequence[str]
) -> EmailMessage:
    """A plain-text message from the template, rendered in Dutch with ``site_url`` in its
    context, from DEFAULT_FROM_EMAIL."""
    with translation.override("nl"):
        body = render_to_string(template, {"site_url": site_url(), **context})
    recipients = [to] if isinstance(to, str) else list(to)
    return EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients
    )


def email_send(messages: Sequence[EmailMessage]) -> int:
    """Send the messages over one connection; returns how many were sent."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(list(messages)) or 0
