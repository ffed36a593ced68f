"""The portal's pages: messages between the citizen and their caseworker and team, and the staff pages for them.

The citizen's pages only ever read the signed-in citizen's threads (another citizen's thread or file is a 404).
Staff read a thread with the full record of the citizen (`get_access(level=FULL)`, logged in the read log) and
answer with write access; files are always served as downloads under their detected type, like contact's documents.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from helhed.citizens.access import FULL, get_access
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_view
from helhed.contact.uploads import MAX_UPLOAD_BYTES, download_name, download_type
from helhed.core.forms import add_service_error
from helhed.core.validation import bounded_int
from helhed.core.views import staff_required
from helhed.portal import selectors_messages as selectors
from helhed.portal.services import messages as services
from helhed.portal.session import citizen_required

# Pages stay small on a slow phone (under 100 kB): a long thread or many threads come a page at a time.
MESSAGES_PER_PAGE = 10
THREADS_PER_PAGE = 20


class MessageText(forms.CharField):
    """A message as the browser counts it: a line break is one character (a browser sends it as two)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class ReplyForm(forms.Form):
    body = MessageText(
        label=gettext_lazy("Message"), max_length=services.MAX_BODY, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": gettext_lazy("Write your message."),
                        "max_length": gettext_lazy("The message is too long. Use at most %(limit_value)d characters.")},
    )
    attachment = forms.FileField(
        label=gettext_lazy("File"), required=False, widget=forms.FileInput,
        help_text=lazy(lambda: _("A photo, a PDF or a Word file. At most %(size)s MB.")
                       % {"size": MAX_UPLOAD_BYTES // 2**20}, str)(),
        # The size and the type are checked by the service, like every staff upload (contact.uploads).
        error_messages={"invalid": gettext_lazy("Choose another file, or send without a file."),
                        "empty": gettext_lazy("The file is empty. Choose another file.")},
    )


class NewThreadForm(ReplyForm):
    subject = forms.CharField(
        label=gettext_lazy("Subject"), max_length=services.MAX_SUBJECT,
        help_text=gettext_lazy("A few words about what it is about."),
        error_messages={"required": gettext_lazy("Write a subject."),
                        "max_length": gettext_lazy("The subject is too long. Use at most %(limit_value)d characters.")},
    )
    field_order = ["subject", "body", "attachment"]


def _send(request, form, action):
    """A valid POST: call the service with the form's data; a refusal lands on the form, with what was typed kept.
    Returns what the service returns, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return action(**form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def _download(attachment):
    """Always a download, never shown inline, with a sandboxing CSP in case a browser renders it anyway. The name's
    extension and the content type are the detected type's (contact.uploads.TYPES)."""
    extension, content_type = download_type(attachment.extension)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True,
        filename=download_name(attachment.original_name, extension), content_type=content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# The citizen's pages


@citizen_required
@require_GET
def threads(request):
    page = bounded_int(request.GET.get("side"), default=1, low=1, high=10_000)
    start = (page - 1) * THREADS_PER_PAGE
    found = list(selectors.citizen_threads(request.citizen)[start:start + THREADS_PER_PAGE + 1])
    return render(request, "portal/messages/threads.html", {
        "citizen": request.citizen, "threads": found[:THREADS_PER_PAGE], "page": page,
        "more": len(found) > THREADS_PER_PAGE})


@citizen_required
@require_http_methods(["GET", "POST"])
def new_thread(request):
    form = NewThreadForm(request.POST or None, request.FILES or None)
    thread = _send(request, form, partial(services.start_thread, citizen=request.citizen))
    if thread is not None:
        messages.success(request, _("Your message is sent. We answer as soon as we can."))
        return redirect("portal:thread", pk=thread.pk)
    return render(request, "portal/messages/new.html", {"citizen": request.citizen, "form": form})


@citizen_required
@require_http_methods(["GET", "POST"])
def thread(request, pk):
    found = selectors.citizen_thread(request.citizen, pk)
    if found is None:
        raise Http404
    form = ReplyForm(request.POST or None, request.FILES or None)
    if _send(request, form, partial(services.reply, citizen=request.citizen, thread=found)) is not None:
        messages.success(request, _("Your message is sent. We answer as soon as we can."))
        return redirect("portal:thread", pk=found.pk)
    page = bounded_int(request.GET.get("side"), default=1, low=1, high=10_000)
    shown, earlier = selectors.thread_page(found, page=page, per_page=MESSAGES_PER_PAGE)
    new = services.mark_read_by_citizen(found, shown) if request.method == "GET" else set()
    return render(request, "portal/messages/thread.html", {
        "citizen": request.citizen, "thread": found, "thread_messages": shown, "new_ids": new, "form": form,
        "page": page, "earlier": earlier,
    })


@citizen_required
@require_GET
def attachment(request, pk):
    found = selectors.citizen_attachment(request.citizen, pk)
    if found is None:
        raise Http404
    return _download(found)


# Staff pages (the case file)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_thread(request, pk, thread_pk):
    """The thread for staff with the full record; answering needs write access (else 404, as every write page)."""
    access = get_access(request.staff, pk, level=FULL, write=request.method == "POST")
    found = selectors.staff_thread(access.citizen, thread_pk)
    if found is None:
        raise Http404
    form = ReplyForm(request.POST or None, request.FILES or None) if access.can_write else None
    if form is not None and _send(request, form, partial(services.staff_reply, staff=request.staff,
                                                         thread=found)) is not None:
        messages.success(request, _("Your answer is sent."))
        return redirect("portal_staff:staff_thread", pk=pk, thread_pk=found.pk)
    # Those who answer the citizen mark the citizen's messages read; a reader without write access (a review, the
    # sanction officer) leaves them new for the caseworkers.
    new = services.mark_read_by_staff(found) if access.can_write and request.method == "GET" else set()
    return render_citizen_page(request, "portal/messages/staff_thread.html", access=access, context={
        "thread": found, "thread_messages": selectors.thread_messages(found), "new_ids": new, "form": form,
    })


@staff_required
@require_http_methods(["GET", "POST"])
def staff_thread_new(request, pk):
    access = get_access(request.staff, pk, level=FULL, write=True)
    form = NewThreadForm(request.POST or None, request.FILES or None)
    found = _send(request, form, partial(services.staff_start_thread, staff=request.staff, citizen=access.citizen))
    if found is not None:
        messages.success(request, _("Your message is sent."))
        return redirect("portal_staff:staff_thread", pk=pk, thread_pk=found.pk)
    return render_citizen_page(request, "portal/messages/staff_thread_new.html", access=access,
                               context={"form": form})


@staff_required
@require_GET
def staff_attachment(request, pk, attachment_pk):
    access = get_access(request.staff, pk, level=FULL)
    found = selectors.staff_attachment(access.citizen, attachment_pk)
    if found is None:
        raise Http404
    log_citizen_view(request=request, citizen=access.citizen, page="portal_staff:staff_attachment",
                     reason=access.reason, role=access.role)
    return _download(found)


urlpatterns = [
    path("beskeder/", threads, name="messages"),
    path("beskeder/ny/", new_thread, name="message_new"),
    path("beskeder/<int:pk>/", thread, name="thread"),
    path("beskeder/bilag/<int:pk>/", attachment, name="attachment"),
]

# Staff pages of this area (mounted outside the portal's path).
staff_urlpatterns = [
    path("borgere/<int:pk>/beskeder/ny/", staff_thread_new, name="staff_thread_new"),
    path("borgere/<int:pk>/beskeder/<int:thread_pk>/", staff_thread, name="staff_thread"),
    path("borgere/<int:pk>/beskeder/bilag/<int:attachment_pk>/", staff_attachment, name="staff_attachment"),
]
