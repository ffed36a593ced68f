from functools import partial

from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.contact import services
from helhed.contact.forms import JournalNoteCorrectionForm, JournalNoteForm
from helhed.contact.models import JournalNote
from helhed.core.forms import submit
from helhed.core.views import staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def journal_note_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    form = JournalNoteForm(request.POST or None)
    add = partial(services.add_journal_note, staff=request.staff, citizen=citizen)
    if submit(request, form, add, _("The journal note was saved.")):
        return redirect("citizens:overview", pk=citizen.pk)
    return render_citizen_page(
        request, "contact/journal_note_form.html", access=access, context={"form": form}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def journal_note_correct(request, pk, note_pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    note = get_object_or_404(JournalNote.objects.select_related("author__user"), pk=note_pk, citizen=citizen)
    form = JournalNoteCorrectionForm(request.POST or None, initial={"text": note.text})
    correct = partial(services.correct_journal_note, staff=request.staff, note=note)
    if submit(request, form, correct, _("The corrected note was saved. The original is kept.")):
        return redirect("citizens:overview", pk=citizen.pk)
    return render_citizen_page(
        request, "contact/journal_note_correct.html", access=access,
        context={"form": form, "note": note},
    )
