from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.audit.services import log_citizen_view
from helhed.citizens.selectors import active_safety_markers, get_visible_citizen
from helhed.contact import services
from helhed.contact.forms import JournalNoteCorrectionForm, JournalNoteForm
from helhed.contact.models import JournalNote
from helhed.core.forms import add_service_error
from helhed.core.views import staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def journal_note_add(request, pk):
    citizen, reason = get_visible_citizen(request.staff, pk)
    form = JournalNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_journal_note(staff=request.staff, citizen=citizen, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The journal note was saved."))
            return redirect("citizens:overview", pk=citizen.pk)
    log_citizen_view(request=request, citizen=citizen, page="contact:journal_note_add", reason=reason)
    return render(
        request, "contact/journal_note_form.html",
        {"citizen": citizen, "form": form, "safety_markers": active_safety_markers(citizen)},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def journal_note_correct(request, pk, note_pk):
    citizen, reason = get_visible_citizen(request.staff, pk)
    note = get_object_or_404(JournalNote.objects.select_related("author__user"), pk=note_pk, citizen=citizen)
    form = JournalNoteCorrectionForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_journal_note(staff=request.staff, note=note, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The corrected note was saved. The original is kept."))
            return redirect("citizens:overview", pk=citizen.pk)
    log_citizen_view(request=request, citizen=citizen, page="contact:journal_note_correct", reason=reason)
    return render(
        request, "contact/journal_note_correct.html",
        {"citizen": citizen, "form": form, "note": note, "safety_markers": active_safety_markers(citizen)},
    )
