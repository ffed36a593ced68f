"""The staff week calendar, calendar feeds (ICS on a revocable token URL) and the outbox of messages."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhed.citizens.access import get_access, role_for
from helhed.citizens.pages import render_citizen_page
from helhed.citizens.readlog import log_citizen_list_view
from helhed.citizens.selectors import reasons_for
from helhed.contact import selectors
from helhed.contact.ical import build_calendar
from helhed.contact.models import CalendarFeed
from helhed.contact.models.calendar import MAX_CALENDAR_COLLEAGUES
from helhed.contact.services import calendar_colleagues, calendar_feeds
from helhed.core.validation import MAX_ID, bounded_int, search_text
from helhed.core.views import staff_required
from helhed.rules.calendar import holiday_name


def _monday(value) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        day = today
    # Weeks between 1990 and two years ahead: anything else is a typo (and year 9999 has no next week).
    day = min(max(day, datetime.date(1990, 1, 1)), today + datetime.timedelta(days=730))
    return day - datetime.timedelta(days=day.weekday())


SEARCH_LENGTH = 100


@staff_required
@require_http_methods(["GET", "POST"])
def week(request):
    """Own appointments day by day, and free/busy for oneself and the colleagues one chose — never a whole unit: at
    most MAX_CALENDAR_COLLEAGUES. A POST adds (`tilfoej`) or removes (`fjern`) one colleague; `q` finds colleagues
    by name."""
    if request.method == "POST":
        return _change_colleagues(request)
    monday = _monday(request.GET.get("uge"))
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    own = selectors.own_week(request.staff, monday)
    log_citizen_list_view(
        request=request, page="contact:week",
        rows=[(c, c.reason, role_for(request.staff, c.reason)) for c in {a.citizen_id: a.citizen for a in own}.values()],
    )
    language = request.LANGUAGE_CODE
    columns = [
        {"day": day, "holiday": holiday_name(day, language),
         "appointments": [a for a in own if timezone.localdate(a.starts_at) == day]}
        for day in days
    ]
    chosen = selectors.chosen_colleagues(request.staff)
    busy = selectors.busy_days([request.staff, *chosen], days[:5])
    search = _search(request.GET)
    candidates, more = selectors.colleague_candidates(request.staff, search=search)
    return render(request, "contact/week.html", {
        "columns": columns, "weekdays": columns[:5], "monday": monday,
        "free_busy": [(_("You"), "", None, busy[request.staff.pk])] + [
            (c.full_name, c.unit.name if c.unit_id != request.staff.unit_id else "", c.pk, busy[c.pk]) for c in chosen
        ],
        "chosen": chosen, "chosen_ids": {c.pk for c in chosen},
        "room_for_more": len(chosen) < MAX_CALENDAR_COLLEAGUES, "max_colleagues": MAX_CALENDAR_COLLEAGUES,
        "candidates": candidates, "more_candidates": more, "search": search, "search_length": SEARCH_LENGTH,
        "choosing": not chosen or search or request.GET.get("vaelg") == "1",
        "previous": monday - datetime.timedelta(days=7), "next": monday + datetime.timedelta(days=7),
        "week_number": monday.isocalendar().week, "today": timezone.localdate(),
    })


def _search(data) -> str:
    return search_text(data.get("q"), SEARCH_LENGTH)


def _change_colleagues(request):
    def colleague(name):
        return bounded_int(request.POST.get(name), default=0, low=1, high=MAX_ID)

    params = {"uge": _monday(request.POST.get("uge")).isoformat()}
    try:
        if colleague("tilfoej"):
            calendar_colleagues.add_colleague(staff=request.staff, colleague_id=colleague("tilfoej"))
            params["vaelg"] = "1"  # the list stays open, to add another
        elif colleague("fjern"):
            calendar_colleagues.remove_colleague(staff=request.staff, colleague_id=colleague("fjern"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if search := _search(request.POST):
        params["q"] = search  # the search stays too
    return redirect(f"{reverse('contact:week')}?{urlencode(params)}#free-busy")


def today_context(request) -> dict:
    """The worklist source "Today's appointments": the staff member's own appointments today, by time, for citizens
    they still have a reason to see. Each citizen shown is written to the read log."""
    today = timezone.localdate()
    appointments = selectors.own_day(request.staff, today)
    log_citizen_list_view(
        request=request, page="casefile:worklist",
        rows=[(c, c.reason, role_for(request.staff, c.reason))
              for c in {a.citizen_id: a.citizen for a in appointments}.values()],
    )
    return {"appointments_today": appointments, "appointments_day": today}


def _feed_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("contact:ical_feed", kwargs={"token": token}))


@staff_required
@require_http_methods(["GET", "POST"])
def staff_feeds(request):
    new_url = None
    if request.method == "POST":
        new_url = _feed_url(request, calendar_feeds.create_feed(created_by=request.staff, staff=request.staff))
        messages.success(request, _("Your calendar address was made. Copy it now: it is shown only once."))
    feeds = selectors.feeds_of(request.staff)
    return render(request, "contact/feeds.html", {"feeds": feeds, "new_url": new_url})


@staff_required
@require_POST
def staff_feed_revoke(request, feed_pk):
    feed = get_object_or_404(CalendarFeed, pk=feed_pk, staff=request.staff, revoked_at__isnull=True)
    calendar_feeds.revoke_feed(feed)
    messages.success(request, _("The calendar address was revoked. Calendars using it get nothing more."))
    return redirect("contact:staff_feeds")


@staff_required
@require_POST
def citizen_feed_create(request, pk):
    access = get_access(request.staff, pk, write=True)
    url = _feed_url(request, calendar_feeds.create_feed(created_by=request.staff, citizen=access.citizen))
    # Shown on the page, once (not in a message, which may travel in a cookie).
    return render_citizen_page(request, "contact/citizen_feed.html", access=access, context={"new_url": url})


@staff_required
@require_POST
def citizen_feed_revoke(request, pk):
    access = get_access(request.staff, pk, write=True)
    calendar_feeds.revoke_citizen_feeds(citizen=access.citizen)
    messages.success(request, _("The citizen's calendar address was revoked."))
    return redirect("casefile:overview", pk=pk)


def ical_feed(request, token):
    """No login: the secret address is the key. Unknown and revoked addresses are 404."""
    feed = selectors.feed_for_token(token)
    if feed is None or (feed.staff and not feed.staff.user.is_active):
        raise Http404
    appointments = selectors.feed_appointments(feed)
    if feed.staff:
        name, language, for_citizen = f"Helhed – {feed.staff.full_name}", "da", False
    else:
        language, for_citizen = feed.citizen.preferred_language, True
        with translation.override(language if language in ("da", "en") else "da"):
            name = _("My appointments")
    calendar_feeds.mark_used(feed)
    body = build_calendar(
        appointments, name=name, for_citizen=for_citizen, language=language if language in ("da", "en") else "da",
        link=lambda a: request.build_absolute_uri(reverse("contact:appointment_detail", args=[a.citizen_id, a.pk])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def outbox(request):
    """What the default message backend 'sent': reminders to the citizens one may see, and to oneself."""
    rows = selectors.outbox(request.staff)
    failed = selectors.failed_reminders(request.staff)
    citizens = {m.citizen_id: m.citizen for m in rows if m.citizen_id}
    citizens.update({r.citizen_id: r.citizen for r in failed if r.citizen_id})
    reasons = reasons_for(request.staff, set(citizens))
    log_citizen_list_view(request=request, page="contact:outbox",
                          rows=[(c, reasons[c.pk], role_for(request.staff, reasons[c.pk])) for c in citizens.values()])
    return render(request, "contact/outbox.html", {"messages_sent": rows, "failed": failed})
