"""The outreach office's pages: the office and its day, drop-ins, the local target group, the group activities, and
the report in the housing social plan's and the jobcentre's figures.

Names are shown only to staff whose roles work with citizens (never to the housing social plan's partner staff),
and only for the citizens they have a reason to see, each written to the read log. On a shared screen, discreet mode
(per session) shows "Citizen 1", "Citizen 2" … instead of names: the office has no room for confidentiality.
"""

import datetime
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access, visible_citizens
from helhed.citizens.models import Citizen
from helhed.citizens.readlog import log_citizens_shown
from helhed.core.figures import DOWNLOAD_FORMATS, people, table_download
from helhed.core.forms import perform, submit
from helhed.core.models import OrganisationUnit, StaffMember
from helhed.core.views import back_or, role_required, staff_required
from helhed.outreach import selectors, services
from helhed.outreach.forms import AnonymousCountForm, AttendanceForm, DropInForm, GroupForm, PeriodForm, SessionForm
from helhed.outreach.models import Attendance, Group, GroupSession, OutreachOffice

DISCREET = "outreach_discreet"
CHOICES_LIMIT = 500
PARTNER_KINDS = [OrganisationUnit.Kind.SOCIAL_HOUSING_PLAN, OrganisationUnit.Kind.SOCIAL_SERVICES,
                 OrganisationUnit.Kind.HEALTH, OrganisationUnit.Kind.PROVIDER]
office_roles = role_required(*selectors.OFFICE_ROLES)
organiser_roles = role_required(*selectors.ORGANISER_ROLES)


def is_discreet(request) -> bool:
    return bool(request.session.get(DISCREET))


def _office(request, office_pk) -> OutreachOffice:
    office = selectors.offices_for(request.staff).filter(pk=office_pk).first()
    if office is None:
        raise Http404
    return office


def _group(request, group_pk) -> Group:
    group = selectors.groups_for(request.staff).filter(pk=group_pk).first()
    if group is None:
        raise Http404
    return group


class Names:
    """How citizens are named on a page: by name for the citizens the viewer may see (read-logged), "Citizen 1" … in
    discreet mode, and never for the others."""

    def __init__(self, request, citizens, page: str):
        self.discreet = is_discreet(request)
        citizens = {c.pk: c for c in citizens}
        if selectors.sees_names(request.staff) and citizens:
            self.reasons = log_citizens_shown(request=request, citizens=citizens.values(), page=page)
        else:
            self.reasons = {}
        self.numbers: dict[int, int] = {}

    def may_see(self, citizen) -> bool:
        return citizen.pk in self.reasons

    def __call__(self, citizen) -> str:
        if not self.may_see(citizen):
            return _("A resident")
        if self.discreet:
            number = self.numbers.setdefault(citizen.pk, len(self.numbers) + 1)
            return _("Citizen %(n)d") % {"n": number}
        return citizen.full_name


@office_roles
def offices(request):
    rows = list(selectors.offices_for(request.staff).prefetch_related("place__staff_on_duty__user"))
    return render(request, "outreach/offices.html", {"offices": rows, "organises": selectors.organises(request.staff)})


@staff_required
@require_POST
def discreet(request):
    """Turn discreet mode on or off for this session (the screen at the office is shared)."""
    request.session[DISCREET] = request.POST.get("til") == "1"
    return back_or(request, "outreach:offices")


def _citizen_choices(staff, office, *, write: bool, also=None):
    """The citizens to choose from by name: the office's local target group (and `also`, earlier participants) among
    the citizens the staff member may see (or write to); and all of those, for a choice by CPR number."""
    allowed = visible_citizens(staff, write=write)
    residents = selectors.area_residents(office).filter(pk__in=allowed.values("pk"))
    ids = set(residents.values_list("pk", flat=True)[:CHOICES_LIMIT])
    if also is not None:
        ids |= set(also.filter(pk__in=allowed.values("pk")).values_list("pk", flat=True)[:CHOICES_LIMIT])
    return allowed.filter(pk__in=ids).order_by("first_name", "last_name", "pk"), allowed


@office_roles
def office(request, office_pk):
    office = _office(request, office_pk)
    today = timezone.localdate()
    names_allowed = selectors.sees_names(request.staff)
    context = {"office": office, "place": office.place, "today": today, "names_allowed": names_allowed,
               "discreet": is_discreet(request), "organises": selectors.organises(request.staff),
               "staff_on_duty": list(office.place.staff_on_duty.select_related("user", "unit")),
               "groups": list(office.groups.filter(active=True).select_related("facilitator__user", "partner")),
               "target_group": people(selectors.area_residents(office, today).count()),
               "open_today": office.place.is_open_on(today)}
    if names_allowed:
        appointments = selectors.appointments_on(office, today)
        drop_ins = selectors.drop_ins_on(office, today)
        choices, allowed = (None, None)
        if context["organises"] and not context["discreet"]:
            choices, allowed = _citizen_choices(request.staff, office, write=True)
        name = Names(request, [a.citizen for a in appointments] + [d.citizen for d in drop_ins if d.citizen_id]
                     + list(choices if choices is not None else ()), "outreach:office")
        context["appointments"] = [{"appointment": a, "name": name(a.citizen), "link": name.may_see(a.citizen)}
                                   for a in appointments]
        context["drop_ins"] = [{"drop_in": d, "name": name(d.citizen) if d.citizen_id else ""} for d in drop_ins]
        if context["organises"]:
            context["drop_in_form"] = DropInForm(initial={"count": 1}, citizens=choices, allowed=allowed)
    else:
        context.update(selectors.office_counts(office, today))
    return render(request, "outreach/office.html", context)


@staff_required
@require_POST
def drop_in_add(request, office_pk):
    if not selectors.organises(request.staff):
        raise PermissionDenied
    office = _office(request, office_pk)
    choices, allowed = (None, None) if is_discreet(request) else _citizen_choices(request.staff, office, write=True)
    form = DropInForm(request.POST, citizens=choices, allowed=allowed)
    register = partial(services.register_drop_in, staff=request.staff, office=office)
    if not submit(request, form, register, _("The drop-in contact is registered.")):
        errors = [e for errors in form.errors.values() for e in errors] or [_("Nothing was registered.")]
        messages.error(request, " ".join(str(e) for e in errors))
    return redirect("outreach:office", office_pk=office.pk)


@office_roles
def target_group(request, office_pk):
    """The local target group by name, for staff who see names: only the residents they have a reason to see, with
    whether the resident has consented to sharing with the housing social plan."""
    if not selectors.sees_names(request.staff):
        raise PermissionDenied
    office = _office(request, office_pk)
    today = timezone.localdate()
    residents = selectors.area_residents(office, today)
    total = residents.count()
    mine = list(residents.filter(pk__in=visible_citizens(request.staff).values("pk")).order_by(
        "first_name", "last_name")[:CHOICES_LIMIT])
    name = Names(request, mine, "outreach:target_group")
    consents = selectors.housing_consents(office, [c.pk for c in mine], today)
    writable = set(visible_citizens(request.staff, write=True).filter(pk__in=[c.pk for c in mine]).values_list(
        "pk", flat=True))
    rows = [{"citizen": c, "name": name(c), "consent": c.pk in consents, "can_write": c.pk in writable}
            for c in mine if name.may_see(c)]
    return render(request, "outreach/target_group.html", {
        "office": office, "total": people(total), "exact_total": total, "rows": rows, "discreet": name.discreet,
        "not_shown": total - len(rows)})


@staff_required
@require_POST
def housing_consent(request, office_pk, pk):
    office = _office(request, office_pk)
    access = get_access(request.staff, pk, write=True)
    perform(request, lambda: services.record_housing_consent(staff=request.staff, office=office,
                                                             citizen=access.citizen),
            _("The consent to share with the housing social plan is recorded."))
    return redirect("outreach:target_group", office_pk=office.pk)


def _period(request) -> tuple[selectors.Period, PeriodForm]:
    form = PeriodForm(request.GET or None)
    period = selectors.default_period()
    if request.GET.get("aar") == "1":
        period = selectors.Period(period.end.replace(month=1, day=1), period.end)
    if form.is_bound and form.is_valid():
        period = selectors.Period(form.cleaned_data.get("fra") or period.start,
                                  form.cleaned_data.get("til") or period.end)
        period.start = min(period.start, period.end)
    if not form.is_bound or form.is_valid():  # the fields show the period shown; an invalid one keeps its errors
        form = PeriodForm(initial={"fra": period.start, "til": period.end})
    return period, form


@office_roles
def report(request, office_pk):
    """The area report: for the housing social plan in its funder's categories, and the same effort in the
    jobcentre's figures. Aggregates only (1–4 suppressed); downloads as CSV, XLSX or PDF."""
    office = _office(request, office_pk)
    period, form = _period(request)
    data = selectors.figures(office, period)
    housing, jobcentre = selectors.housing_plan_tables(data), selectors.jobcentre_tables(data)
    fmt = request.GET.get("hent") or request.GET.get("format")
    if fmt in DOWNLOAD_FORMATS:
        tables = housing + jobcentre
        return table_download(request, tables[0], fmt, tables=tables,
                              filename=f"udekontor-{office.pk}-{period.start:%Y%m%d}-{period.end:%Y%m%d}")
    query = f"fra={period.start.isoformat()}&til={period.end.isoformat()}"
    return render(request, "outreach/report.html", {
        "office": office, "period": period, "form": form, "housing_tables": housing, "jobcentre_tables": jobcentre,
        "query": query, "formats": DOWNLOAD_FORMATS,
    })


@office_roles
def groups(request):
    rows = list(selectors.groups_for(request.staff).annotate(session_count=Count("sessions")))
    return render(request, "outreach/groups.html", {"groups": rows, "organises": selectors.organises(request.staff)})


def _facilitators(staff):
    return (StaffMember.objects.filter(municipality_id=staff.municipality_id, roles__role__in=selectors.ORGANISER_ROLES,
                                       user__is_active=True)
            .select_related("user").distinct().order_by("user__first_name", "user__last_name"))


@organiser_roles
@require_http_methods(["GET", "POST"])
def group_add(request):
    office_list = selectors.offices_for(request.staff)
    form = GroupForm(
        request.POST or None, offices=office_list, facilitators=_facilitators(request.staff),
        partners=OrganisationUnit.objects.filter(municipality_id=request.staff.municipality_id,
                                                 kind__in=PARTNER_KINDS),
        initial={"facilitator": request.staff.pk, "office": office_list.first(),
                 "partner": OrganisationUnit.objects.filter(
                     municipality_id=request.staff.municipality_id,
                     kind=OrganisationUnit.Kind.SOCIAL_HOUSING_PLAN).first()},
    )
    group = submit(request, form, partial(services.create_group, staff=request.staff), _("The group is created."))
    if group:
        return redirect("outreach:group", group_pk=group.pk)
    return render(request, "outreach/group_form.html", {"form": form})


@office_roles
@require_http_methods(["GET", "POST"])
def group(request, group_pk):
    group = _group(request, group_pk)
    organises = selectors.organises(request.staff)
    form = None
    if organises:
        now = timezone.localtime()
        form = SessionForm(request.POST or None, initial={"date": now.date(), "time": datetime.time(10, 0)})
        session = submit(request, form, partial(services.add_session, staff=request.staff, group=group),
                         _("The session is added."))
        if session:
            return redirect("outreach:session", group_pk=group.pk, session_pk=session.pk)
    elif request.method == "POST":
        raise PermissionDenied
    sessions = list(group.sessions.annotate(registered=Count("attendances")).order_by("-starts_at")[:50])
    totals = group.sessions.aggregate(anonymous=Sum("anonymous_count"))
    participants = Attendance.objects.filter(session__group=group).values("citizen_id").distinct().count()
    return render(request, "outreach/group.html", {
        "group": group, "sessions": sessions, "form": form, "organises": organises,
        "names_allowed": selectors.sees_names(request.staff),
        "participants": people(participants), "anonymous": people(totals["anonymous"] or 0),
    })


@organiser_roles
@require_http_methods(["GET", "POST"])
def session(request, group_pk, session_pk):
    group = _group(request, group_pk)
    session = get_object_or_404(GroupSession, group=group, pk=session_pk)
    discreet_mode = is_discreet(request)
    earlier = Attendance.objects.filter(session__group=group).values("citizen_id")
    choices, allowed = _citizen_choices(request.staff, group.office, write=False,
                                        also=Citizen.objects.filter(pk__in=earlier))
    if discreet_mode:
        choices = choices.none()
    attendance_form = AttendanceForm(request.POST if "citizen" in request.POST or "cpr" in request.POST else None,
                                     citizens=choices, allowed=allowed)
    count_form = AnonymousCountForm(request.POST if "anonymous_count" in request.POST else None,
                                    initial={"anonymous_count": session.anonymous_count})
    if request.method == "POST":
        if "citizen" in request.POST or "cpr" in request.POST:
            done = submit(request, attendance_form,
                          partial(services.register_attendance, staff=request.staff, session=session),
                          _("The attendance is registered."))
        else:
            done = submit(request, count_form,
                          partial(services.set_anonymous_count, staff=request.staff, session=session),
                          _("The count is saved."))
        if done:
            return redirect("outreach:session", group_pk=group.pk, session_pk=session.pk)
    attendances = list(session.attendances.select_related("citizen", "small_step").order_by("registered_at"))
    name = Names(request, [a.citizen for a in attendances] + list(choices), "outreach:session")
    return render(request, "outreach/session.html", {
        "group": group, "session": session, "attendance_form": attendance_form, "count_form": count_form,
        "rows": [{"attendance": a, "name": name(a.citizen)} for a in attendances], "discreet": discreet_mode,
        "back": reverse("outreach:group", kwargs={"group_pk": group.pk}),
    })

