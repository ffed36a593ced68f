from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.contact.models import JournalNote
from helhed.core.forms import DateInput


class JournalNoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=JournalNote.Kind.choices, initial=JournalNote.Kind.NOTE)
    occurred_on = forms.DateField(label=_("Date of the event"), widget=DateInput, initial=timezone.localdate)
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=JournalNote.MAX_LENGTH,
        error_messages={"required": _("The note is empty. Write what happened.")},
    )


class JournalNoteCorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Corrected note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=JournalNote.MAX_LENGTH,
        error_messages={"required": _("The note is empty. Write what happened.")},
        help_text=_("The original stays in the journal history; the corrected version replaces it on the overview."),
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, PNG, JPEG, Word, ODT, Excel or plain text, at most 10 MB."),
        error_messages={"required": _("Choose a file.")},
    )
