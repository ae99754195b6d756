"""The one PDF entry point: ``render_pdf(template, context)`` → HTML and PDF bytes.

WeasyPrint is imported lazily (it is heavy; ruff bans a module-level import) and
never runs in a request: callers are Celery tasks. Static files resolve from disk
through ``base_url``; output is deterministic for the same input (no creation date),
so a regenerated document has the same checksum.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedPdf:
    html: str
    pdf: bytes


def static_base_url() -> str:
    """Where templates' relative static paths (``/static/...``) are read from on disk."""
    return str(settings.BASE_DIR / "mgn") + "/"


def render_pdf(template: str, context: dict) -> RenderedPdf:
    from weasyprint import HTML  # noqa: TID251 - the one sanctioned, lazy import

    html = render_to_string(template, context)
    pdf = HTML(string=html, base_url=static_base_url()).write_pdf()
    return RenderedPdf(html=html, pdf=pdf)
