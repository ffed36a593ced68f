"""Thin views: the citizen's offers and wishes, finding a place, the internship's lifecycle, and the employers."""

from functools import partial

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhed.citizens.access import get_access
from helhed.citizens.pages import render_citizen_page
from helhed.core.forms import submit
from helhed.core.models import Role
from helhed.core.validation import search_text
from helhed.core.views import role_required, staff_required
from helhed.offers import selectors, services
from helhed.offers.forms import (
    EmployerForm,
    EndForm,
    ExtendForm,
    FoundPlaceForm,
    HoursForm,
    InternshipForm,
    MidwayForm,
    OtherOfferForm,
    PlaceForm,
    WishesForm,
    next_monday,
)
from helhed.offers.models import Employer, Offer, Place
from helhed.rules.catalogue import last_day_of_weeks

# Who registers employers and places, and who reads their track records too.
EMPLOYER_WRITERS = (Role.JOB_BROKER, Role.CASEWORKER, Role.COORDINATING_CASEWORKER)
EMPLOYER_READERS = (*EMPLOYER_WRITERS, Role.TEAM_LEADER)


def offer_access(request, pk):
    """The citizen, if the staff member may arrange offers for them: the caseworker responsible, the coordinating
    caseworker, or a job broker on the citizen's team. Anyone else gets 404, as for any citizen they cannot see."""
    access = get_access(request.staff, pk)
    if not selectors.may_arrange_offers(request.staff, access):
        raise Http404
    return access


def _offer(access, offer_pk) -> Offer:
    return get_object_or_404(Offer, pk=offer_pk, citizen=access.citizen)


def _to_offers(pk):
    return redirect("offers:citizen_offers", pk=pk)


@staff_required
@require_GET
def citizen_offers(request, pk):
    access = offer_access(request, pk)
    today = timezone.localdate()
    offers = selectors.citizen_offers(access.citizen)
    for offer in offers:
        offer.minutes_now = services.current_minutes(offer, today)
    return render_citizen_page(request, "offers/citizen_offers.html", access=access, context={
        "offers": offers, "wishes": selectors.wishes_of(access.citizen), "today": today})


@staff_required
@require_http_methods(["GET", "POST"])
def wishes(request, pk):
    access = offer_access(request, pk)
    current = selectors.wishes_of(access.citizen)
    initial = {}
    if current:
        initial = {"in_own_words": current.in_own_words, "sectors": current.sectors, "tasks": current.tasks,
                   "employer": current.employer_id, "postcode": current.postcode,
                   "hours_per_week": current.hours_per_week, "accommodation_needs": current.accommodation_needs,
                   **{f"rank_{c}": i + 1 for i, c in enumerate(current.ranking)}}
    form = WishesForm(request.POST or None, initial=initial, municipality=request.staff.municipality)
    if submit(request, form, partial(services.save_wishes, staff=request.staff, citizen=access.citizen),
              _("The wishes were saved.")):
        return redirect("offers:internship_match", pk=pk)
    return render_citizen_page(request, "offers/wishes_form.html", access=access, context={"form": form})


@staff_required
@require_GET
def internship_match(request, pk):
    access = offer_access(request, pk)
    today = timezone.localdate()
    wishes = selectors.wishes_of(access.citizen)
    candidates = selectors.ranked_places(access.citizen.municipality_id, wishes, next_monday(today))
    return render_citizen_page(request, "offers/internship_match.html", access=access, context={
        "wishes": wishes, "candidates": candidates})


def _internship_initial(access, wishes, place=None):
    start = next_monday(timezone.localdate())
    weeks = services.internship_weeks(access.citizen, start)
    hours = (wishes.hours_per_week if wishes and wishes.hours_per_week else None) or (
        place.hours_min if place and place.hours_min else None)
    return {"start": start, "end": last_day_of_weeks(start, weeks), "minutes_per_week": hours * 60 if hours else None,
            "tasks": place.tasks if place else "",
            "accommodations": wishes.accommodation_needs if wishes else ""}


@staff_required
@require_http_methods(["GET", "POST"])
def internship_create(request, pk, place_pk):
    access = offer_access(request, pk)
    place = get_object_or_404(Place.objects.select_related("employer"), pk=place_pk,
                              municipality_id=request.staff.municipality_id)
    wishes = selectors.wishes_of(access.citizen)
    form = InternshipForm(request.POST or None, initial=_internship_initial(access, wishes, place))
    create = partial(services.create_internship, staff=request.staff, citizen=access.citizen, place=place)
    if submit(request, form, create, _("The internship was created.")):
        return _to_offers(pk)
    return render_citizen_page(request, "offers/internship_form.html", access=access, context={
        "form": form, "place": place, "wishes": wishes})


@staff_required
@require_http_methods(["GET", "POST"])
def internship_found_place(request, pk):
    access = offer_access(request, pk)
    wishes = selectors.wishes_of(access.citizen)
    form = FoundPlaceForm(request.POST or None, initial=_internship_initial(access, wishes))
    create = partial(services.create_internship_at_found_place, staff=request.staff, citizen=access.citizen)
    if submit(request, form, create, _("The place and the internship were created.")):
        return _to_offers(pk)
    return render_citizen_page(request, "offers/found_place_form.html", access=access, context={"form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def other_offer(request, pk):
    access = offer_access(request, pk)
    form = OtherOfferForm(request.POST or None, municipality=request.staff.municipality,
                          initial={"start": timezone.localdate()})
    if submit(request, form, partial(services.create_offer, staff=request.staff, citizen=access.citizen),
              _("The offer was created.")):
        return _to_offers(pk)
    return render_citizen_page(request, "offers/other_offer_form.html", access=access, context={"form": form})


def _offer_form(request, pk, offer_pk, form_class, service, done, template, **form_kwargs):
    access = offer_access(request, pk)
    offer = _offer(access, offer_pk)
    form = form_class(request.POST or None, **form_kwargs)
    if submit(request, form, partial(service, staff=request.staff, offer=offer), done):
        return _to_offers(pk)
    return render_citizen_page(request, template, access=access, context={"form": form, "offer": offer})


@staff_required
@require_http_methods(["GET", "POST"])
def extend(request, pk, offer_pk):
    return _offer_form(request, pk, offer_pk, ExtendForm, services.extend_offer, _("The offer was extended."),
                       "offers/extend_form.html")


@staff_required
@require_http_methods(["GET", "POST"])
def adjust_hours(request, pk, offer_pk):
    return _offer_form(request, pk, offer_pk, HoursForm, services.adjust_hours, _("The change of hours was recorded."),
                       "offers/hours_form.html")


@staff_required
@require_http_methods(["GET", "POST"])
def midway(request, pk, offer_pk):
    return _offer_form(request, pk, offer_pk, MidwayForm, services.record_midway,
                       _("The midway follow-up was recorded."), "offers/midway_form.html")


@staff_required
@require_http_methods(["GET", "POST"])
def end(request, pk, offer_pk):
    return _offer_form(request, pk, offer_pk, EndForm, services.end_offer, _("The offer was ended."),
                       "offers/end_form.html")


@staff_required
@require_GET
def documentation(request, pk, offer_pk):
    """The offer's history on one printable page: hours, changes of hours with their reasons, extensions, the
    follow-up and the final report, as documentation for the rehabiliteringsteam."""
    access = offer_access(request, pk)
    offer = _offer(access, offer_pk)
    return render_citizen_page(request, "offers/documentation.html", access=access, context={
        "offer": offer, "adjustments": offer.hours_adjustments.select_related("decided_by__user"),
        "extensions": offer.extensions.select_related("decided_by__user"), "printed_at": timezone.now()})


@role_required(*EMPLOYER_READERS)
@require_GET
def employers(request):
    today = timezone.localdate()
    municipality_id = request.staff.municipality_id
    query = search_text(request.GET.get("q"), 100)
    flagged = selectors.flagged_employers(municipality_id, today)
    return render(request, "offers/employers.html", {
        "page": selectors.employers_page(municipality_id, today, query=query, page=request.GET.get("page")),
        "query": query, "flagged": Employer.objects.filter(pk__in=flagged).order_by("name")})


@role_required(*EMPLOYER_WRITERS)
@require_http_methods(["GET", "POST"])
def employer_add(request):
    form = EmployerForm(request.POST or None)
    employer = submit(request, form, partial(services.create_employer, staff=request.staff),
                      _("The employer was registered."))
    if employer:
        return redirect("offers:employer", employer_pk=employer.pk)
    return render(request, "offers/employer_form.html", {"form": form})


@role_required(*EMPLOYER_READERS)
@require_GET
def employer(request, employer_pk):
    found = get_object_or_404(Employer, pk=employer_pk, municipality_id=request.staff.municipality_id)
    return render(request, "offers/employer.html", {
        "employer": found, "record": selectors.track_record(found, timezone.localdate()),
        "places": found.places.all()})


@role_required(*EMPLOYER_WRITERS)
@require_http_methods(["GET", "POST"])
def place_add(request, employer_pk):
    found = get_object_or_404(Employer, pk=employer_pk, municipality_id=request.staff.municipality_id)
    form = PlaceForm(request.POST or None)
    if submit(request, form, partial(services.create_place, staff=request.staff, employer=found),
              _("The place was added.")):
        return redirect("offers:employer", employer_pk=found.pk)
    return render(request, "offers/place_form.html", {"form": form, "employer": found})
