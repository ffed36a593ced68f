from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field where the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def submit(request, form: forms.Form, action, success_message: str):
    """For a valid POST, call the service `action(**cleaned_data)`; return what it returns, or None if nothing was saved.

    A service's ValidationError lands on the form, so the page re-renders with the message and the input kept.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(**form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None
    messages.success(request, success_message)
    return result


def perform(request, action, success_message: str) -> None:
    """Run a form-less service call (a button): report success, or the service's ValidationError, as a message."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)


class MunicipalitySettingsForm(forms.Form):
    takeover_on = forms.DateField(
        label=_("Helhed taken into use on"), widget=DateInput, required=False,
        help_text=_("Deadlines that fell before this day are not shown as overdue: a case that began earlier has "
                    "its obligations from this day."),
    )
