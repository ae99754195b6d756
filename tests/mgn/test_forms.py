"""mgn.forms.form_add_service_errors: a service's refusal lands where the user sees it."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from mgn.forms import form_add_service_errors


class ExampleForm(forms.Form):
    name = forms.CharField(required=False)
    week_2026_01 = forms.IntegerField(required=False)
    secret = forms.CharField(required=False, widget=forms.HiddenInput)


def _form():
    form = ExampleForm(data={})
    assert form.is_valid()
    return form


def test_a_field_error_goes_on_the_field():
    form = _form()
    form_add_service_errors(form, ValidationError({"name": ["Te kort."]}))
    assert form.errors == {"name": ["Te kort."]}


def test_an_error_about_a_field_the_form_lacks_goes_to_the_top():
    form = _form()
    form_add_service_errors(form, ValidationError({"network": ["Onbekend netwerk."]}))
    assert form.non_field_errors() == ["Onbekend netwerk."]


def test_an_error_about_a_hidden_field_goes_to_the_top():
    form = _form()
    form_add_service_errors(form, ValidationError({"secret": ["Verlopen."]}))
    assert form.non_field_errors() == ["Verlopen."]
    assert "secret" not in form.errors


def test_a_plain_error_goes_to_the_top_with_every_message():
    form = _form()
    form_add_service_errors(form, ValidationError(["Eén.", "Twee."]))
    assert form.non_field_errors() == ["Eén.", "Twee."]


def test_non_field_errors_in_a_dict_go_to_the_top():
    form = _form()
    error = ValidationError({NON_FIELD_ERRORS: ["Algemeen."], "name": ["Leeg."]})
    form_add_service_errors(form, error)
    assert form.non_field_errors() == ["Algemeen."]
    assert form.errors["name"] == ["Leeg."]


def test_names_are_renamed_by_a_mapping_or_a_function():
    form = _form()
    form_add_service_errors(form, ValidationError({"naam": ["Fout."]}), rename={"naam": "name"})
    assert form.errors["name"] == ["Fout."]

    form = _form()
    form_add_service_errors(
        form, ValidationError({"2026_01": ["Negatief."]}), rename=lambda key: f"week_{key}"
    )
    assert form.errors["week_2026_01"] == ["Negatief."]


def test_fields_limits_which_fields_receive_messages():
    form = _form()
    form_add_service_errors(
        form, ValidationError({"name": ["A."], "week_2026_01": ["B."]}), fields={"name"}
    )
    assert form.errors["name"] == ["A."]
    assert form.non_field_errors() == ["B."]


def test_kept_names_are_returned_not_added():
    form = _form()
    kept = form_add_service_errors(
        form,
        ValidationError({"afspraken": ["Geen afspraken."], "name": ["A."]}),
        keep={"afspraken"},
    )
    assert kept == {"afspraken": ["Geen afspraken."]}
    assert form.errors == {"name": ["A."]}
