"""Putting a service's ``ValidationError`` onto a form.

Services refuse with ``ValidationError({"field": [...]})`` (or a plain message); a view
shows the refusal on the form it came from::

    try:
        contract_create(network=network, **form.cleaned_data)
    except ValidationError as error:
        form_add_service_errors(form, error)
"""

from collections.abc import Callable, Collection, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def _target(form: forms.BaseForm, name: str, fields: Collection[str] | None) -> str | None:
    """The visible form field named ``name`` (among ``fields`` when given), else None."""
    if name == NON_FIELD_ERRORS or (fields is not None and name not in fields):
        return None
    field = form.fields.get(name)
    if field is None or field.widget.is_hidden:
        return None
    return name


def form_add_service_errors(
    form: forms.BaseForm,
    error: ValidationError,
    *,
    rename: Mapping[str, str] | Callable[[str], str] | None = None,
    fields: Collection[str] | None = None,
    keep: Collection[str] = (),
) -> dict[str, list[str]]:
    """Add the error's messages to the form: a message about a field goes on that field when
    the form shows it (not hidden), every other message at the top of the form.

    - ``rename`` maps the service's names to the form's (a mapping, or a function such as
      ``lambda key: f"week_{key}"``); names it does not map stay as they are.
    - ``fields`` limits which form fields may receive messages (the rest go to the top).
    - ``keep`` names whose messages are not added but returned, for the caller to show
      elsewhere (e.g. beside a formset): ``{name: [messages]}``.
    """
    kept: dict[str, list[str]] = {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return kept
    for key, messages in error.message_dict.items():
        if key in keep:
            kept.setdefault(key, []).extend(messages)
            continue
        name = key
        if callable(rename):
            name = rename(key) if key != NON_FIELD_ERRORS else key
        elif rename is not None:
            name = rename.get(key, key)
        form.add_error(_target(form, name, fields), messages)
    return kept
