"""The portal's pages: hearings. A hearing is a letter that says "we want to hear what you think before we decide";
the citizen reads it as it was sent and answers it here. The answer goes onto the absence case
(`services.hearings.answer_hearing`), where the sanction officer reads it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhed.core.forms import add_service_error
from helhed.portal.services.hearings import ANSWER_MAX_LENGTH, answer_hearing
from helhed.portal.session import citizen_required
from helhed.sanctions.models import Hearing
from helhed.sanctions.services import BEFORE_DECISION


class AnswerForm(forms.Form):
    """Only carries the text: the service says what is wrong with it (empty, too long), in the portal's words."""

    answer = forms.CharField(required=False, strip=False)


def _citizens_hearings(citizen):
    return Hearing.objects.filter(citizen=citizen).select_related("case", "letter")


def _may_answer(hearing: Hearing) -> bool:
    return hearing.answered_on is None and hearing.case.stage in BEFORE_DECISION


@citizen_required
@require_http_methods(["GET"])
def hearings(request):
    found = list(_citizens_hearings(request.citizen).order_by("-sent_on", "-pk"))
    waiting = sorted((h for h in found if _may_answer(h)), key=lambda h: (h.deadline, h.pk))
    return render(request, "portal/hearings/list.html", {
        "waiting": waiting, "earlier": [h for h in found if not _may_answer(h)], "today": timezone.localdate(),
    })


@citizen_required
@require_http_methods(["GET", "POST"])
def hearing(request, pk):
    found = get_object_or_404(_citizens_hearings(request.citizen), pk=pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_hearing(citizen=request.citizen, hearing=found, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Thank you. We got your answer."))
                return redirect("portal:hearing", pk=found.pk)
        found.refresh_from_db()
    return render(request, "portal/hearings/hearing.html", {
        "hearing": found, "letter": found.letter, "form": form, "may_answer": _may_answer(found),
        "max_length": ANSWER_MAX_LENGTH, "today": timezone.localdate(),
    }, status=400 if request.method == "POST" else 200)


urlpatterns = [
    path("breve/", hearings, name="hearings"),
    path("breve/<int:pk>/", hearing, name="hearing"),
]

# No staff pages of this area: staff read the citizen's answer on the
# absence case (`sanctions:case`) and see it marked on their list of absence cases (`sanctions:worklist`).
