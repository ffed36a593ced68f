"""What outreach registers with the extension points of the apps below it: its rows as personal data, the group
activities a citizen agreed to have in the plan (as a stabilising activity in the citizen's situation), menu items
and page titles.

No section of the overview: the attendance the citizen agreed to is already a small step in the plan's log there,
and a section would cost the overview a query (its budget is fixed in citizens' tests)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.situation import SituationLine, register_situation
from helhed.core.menu import MenuItem, register_menu_item
from helhed.outreach.models import Attendance, DropIn
from helhed.outreach.selectors import OFFICE_ROLES

declare(PersonalData(DropIn, "citizen", DELETE, order=300, exclude=("office",)))
declare(PersonalData(Attendance, "citizen", DELETE, order=310, joins=("session__group",)))


def agreed_activities(citizen) -> list[dict]:
    """The group activities the citizen takes part in and agreed to have in the plan, with how often and since when."""
    activities = {}
    for attendance in (Attendance.objects.filter(citizen=citizen, to_plan=True)
                       .select_related("session__group").order_by("session__starts_at")):
        group = attendance.session.group
        row = activities.setdefault(group.pk, {"group": group, "times": 0, "since": attendance.session.day,
                                               "last": attendance.session.day})
        row["times"] += 1
        row["last"] = attendance.session.day
    return list(activities.values())


def _situation(citizen, access):
    if not access.works_with_citizen:
        return []
    return [SituationLine(str(_("Stabilising activities")), str(_("%(group)s: %(times)d times since %(since)s")) % {
        "group": row["group"].name, "times": row["times"], "since": date_format(row["since"], "SHORT_DATE_FORMAT")},
        str(_("group activity at the outreach office, with the citizen's agreement")))
        for row in agreed_activities(citizen)]


register_situation("outreach_groups", _situation, order=40)
register_menu_item(MenuItem("outreach:offices", _("Outreach office"), order=46, roles=OFFICE_ROLES))
register_menu_item(MenuItem("outreach:groups", _("Group activities"), order=47, roles=OFFICE_ROLES))

for name, title in {
    "outreach:offices": _("Outreach offices"),
    "outreach:office": _("Outreach office"),
    "outreach:target_group": _("The local target group"),
    "outreach:report": _("Area report"),
    "outreach:groups": _("Group activities"),
    "outreach:group_add": _("New group activity"),
    "outreach:group": _("Group activity"),
    "outreach:session": _("Group session: attendance"),
}.items():
    register_page_title(name, title)
