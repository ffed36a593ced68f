from functools import partial

from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.citizens.access import FULL, get_access
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_view
from helhed.contact.forms import DocumentForm, JournalNoteCorrectionForm, JournalNoteForm
from helhed.contact.models import Document, JournalNote
from helhed.contact.services import journal as services
from helhed.contact.uploads import download_name, download_type
from helhed.core.forms import submit
from helhed.core.views import back_or, staff_required


@staff_required
@require_http_methods(["GET", "POST"])
def journal_note_add(request, pk):
    access = get_access(request.staff, pk, write=True)
    citizen = access.citizen
    kind = request.GET.get("kind")
    form = JournalNoteForm(request.POST or None, initial={"kind": kind} if kind in JournalNote.Kind.values else None)
    add = partial(services.add_journal_note, staff=request.staff, citizen=citizen)
    if submit(request, form, add, _("The journal note was saved.")):
        return back_or(request, "casefile:overview", pk=citizen.pk)
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
        return redirect("casefile:overview", pk=citizen.pk)
    return render_citizen_page(
        request, "contact/journal_note_correct.html", access=access,
        context={"form": form, "note": note},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    access = get_access(request.staff, pk, write=True)
    form = DocumentForm(request.POST or None, request.FILES or None)
    upload = partial(services.upload_document, staff=request.staff, citizen=access.citizen)
    if submit(request, form, upload, _("The document was uploaded.")):
        return redirect("casefile:overview", pk=pk)
    return render_citizen_page(request, "contact/document_form.html", access=access, context={"form": form})


@staff_required
def document_download(request, pk, document_pk):
    """Always a download, never shown inline, with a sandboxing CSP in case a browser renders it anyway.

    The name's extension and the content type are the detected type's (uploads.TYPES), never the user's file name's.
    """
    access = get_access(request.staff, pk, level=FULL)
    document = get_object_or_404(Document, pk=document_pk, citizen=access.citizen)
    log_citizen_view(request=request, citizen=access.citizen, page="contact:document_download",
                     reason=access.reason, role=access.role)
    extension, content_type = download_type(document.extension)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=download_name(document.original_name, extension),
        content_type=content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
