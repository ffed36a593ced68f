"""What programmes registers: the programme markings on the case file, the visitations still to do in the
caseworkers' worklist ("Det skal ske"), the menu item, personal data and page titles."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.access import TEAM
from helhed.citizens.casefile import MAIN, OVERVIEW, TEAM_VIEW, Section, register_section
from helhed.citizens.pages import register_page_title
from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.citizens.readlog import log_citizens_shown
from helhed.citizens.worklist import WorklistSource, register_source
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role
from helhed.programmes import forms, selectors
from helhed.programmes.models import Enrolment

VISITATIONS_SHOWN = 50


def _enrolments_context(request, access):
    enrolments = list(Enrolment.objects.filter(citizen=access.citizen).select_related("programme", "job_broker__user"))
    context = {"citizen_enrolments": enrolments, "may_mark_steps": access.can_write}
    if enrolments and access.can_write:
        context.update(step_form=forms.StepForm(), broker_form=forms.BrokerForm(
            brokers=selectors.job_brokers(access.citizen.municipality_id)))
    return context


register_section(Section("programmes", "programmes/sections/enrolments.html", OVERVIEW, MAIN, order=27,
                         context=_enrolments_context))
# The personal job broker and the rest of the team see the markings on the team view (read only); not partners.
register_section(Section("programmes", "programmes/sections/enrolments.html", TEAM_VIEW, MAIN, order=27, level=TEAM,
                         context=_enrolments_context, visible=lambda access: access.works_with_citizen))


def visitations_context(request):
    """Members of a running programme, among the caseworker's own citizens, not visited yet: oldest enrolment first."""
    today = timezone.localdate()
    rows = list(Enrolment.objects.filter(
        citizen__cases__responsible=request.staff, citizen__cases__status="open", visited_on__isnull=True,
        ended_on__isnull=True, programme__ends_on__gte=today, programme__visit_every_member=True).select_related("citizen", "programme")
        .order_by("enrolled_on", "pk")[:VISITATIONS_SHOWN])
    reasons = log_citizens_shown(request=request, citizens={e.citizen for e in rows}, page="casefile:worklist")
    return {"programme_visitations": [e for e in rows if e.citizen_id in reasons]}


register_source(WorklistSource(
    key="programme_visitations", template="programmes/worklist_visitations.html", context=visitations_context,
    roles=frozenset({Role.CASEWORKER, Role.COORDINATING_CASEWORKER}), order=20,
))

register_menu_item(MenuItem("programmes:list", _("Programmes"), order=8,
                            roles=frozenset({Role.TEAM_LEADER, Role.JOB_BROKER})))

declare(PersonalData(Enrolment, "citizen", DELETE, order=120))

for name, title in {
    "programmes:list": _("Programmes"),
    "programmes:add": _("New programme"),
    "programmes:programme": _("Programme"),
    "programmes:criterion_change": _("Who the programme is for"),
    "programmes:members": _("The programme's members"),
}.items():
    register_page_title(name, title)
