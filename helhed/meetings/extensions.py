"""What meetings registers: the meetings and open actions on the overview and the team view, the actions in the
owners' worklists ("Det skal ske"), personal data and page titles."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import TEAM
from helhed.citizens.casefile import MAIN, OVERVIEW, TEAM_VIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.readlog import log_citizens_shown
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.coordination.signals import team_member_added
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.meetings import selectors, services
from helhed.meetings.models import Action, ExternalParticipant, Meeting, Task, TaskMessage


def _meetings_context(request, access):
    return {"citizen_meetings": list(selectors.meetings_of(access.citizen)[:5]),
            "citizen_open_actions": list(Action.objects.filter(citizen=access.citizen, done_at__isnull=True)
                                         .select_related("owner_staff__user", "owner_external", "citizen")[:10]),
            "may_hold_meeting": access.can_write,
            "citizen_tasks": list(Task.objects.filter(citizen=access.citizen, done_at__isnull=True)
                                  .select_related("owner__user")[:10])}


register_section(Section("meetings", "meetings/sections/meetings.html", OVERVIEW, MAIN, order=26,
                         context=_meetings_context))
register_section(Section("meetings", "meetings/sections/meetings.html", TEAM_VIEW, MAIN, order=19, level=TEAM,
                         context=_meetings_context))


def actions_context(request):
    staff = request.staff
    own = list(selectors.open_actions_of(staff)[:100])
    follow = list(selectors.followed_up_by(staff)[:100])
    tasks = list(Task.objects.filter(owner=staff, done_at__isnull=True).select_related("citizen")
                 .order_by("due", "pk")[:100])
    reasons = log_citizens_shown(request=request, citizens={a.citizen for a in own + follow + tasks},
                                 page="casefile:worklist")
    own, follow, tasks = ([a for a in rows if a.citizen_id in reasons] for rows in (own, follow, tasks))
    return {"my_meeting_actions": own, "followed_up_actions": follow, "my_tasks": tasks,
            "actions_today": timezone.localdate()}


register_source(WorklistSource(
    key="meeting_actions", template="meetings/worklist_actions.html", context=actions_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER, Role.JOB_BROKER, Role.MENTOR, Role.PARTNER}),
    order=15,
))

register_menu_item(MenuItem("meetings:desk", _("Coordination"), order=12,
                            roles=frozenset({Role.COORDINATING_CASEWORKER})))

for order, model in enumerate((ExternalParticipant, Meeting, Action, Task, TaskMessage), start=95):
    declare(PersonalData(model, "citizen", DELETE, order=order))

for name, title in {
    "meetings:external_add": _("Add an external participant"),
    "meetings:meeting_add": _("Record a coordination meeting"),
    "meetings:meeting": _("Coordination meeting"),
    "meetings:desk": _("The coordinating caseworker's desk"),
    "meetings:task_add": _("New task about the citizen"),
    "meetings:task": _("Task about the citizen"),
}.items():
    register_page_title(name, title)


def _hand_over(sender, membership, **kwargs):
    services.hand_over(membership)


team_member_added.connect(_hand_over, dispatch_uid="meetings-hand-over")
