"""The one check of a case's, an outcome's, a meeting's or a signal's free texts before a
service saves them: within the field's length (``mgn.validators`` bounds; a TextField's
``max_length`` is not checked by the model itself) and free of direct identifiers
(``mgn.identifier_guard``). Returns the refusals per field, for ``ValidationError``."""

from django.utils.translation import gettext as _

from mgn.identifier_guard import guard_fields


def texts_refusal(model, values: dict[str, str | None]) -> dict[str, str]:
    errors: dict[str, str] = {}
    checked = {}
    for name, value in values.items():
        value = value or ""
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            errors[name] = _("Gebruik ten hoogste %(limit)s tekens (nu %(length)s).") % {
                "limit": f"{limit:,}".replace(",", "."),
                "length": f"{len(value):,}".replace(",", "."),
            }
        else:
            checked[name] = value
    errors.update(guard_fields(checked))
    return errors
