"""Coordination meetings around a citizen: external participants who are not Helhed users, the meeting with its
agenda (the citizen's own points first), decisions, actions with an owner and a deadline, and plain minutes."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhed.citizens.models import Citizen, CitizenRecord
from helhed.core.models import StaffMember


class ExternalParticipant(CitizenRecord):
    """Someone outside the kommune's staff who takes part around the citizen: stored on the case, not a user."""

    class Kind(models.TextChoices):
        GP = "gp", _("General practitioner")
        PSYCHIATRIC_NURSE = "psychiatric_nurse", _("Psychiatric nurse")
        UNION = "union", _("Union representative")
        BISIDDER = "bisidder", _("Bisidder")
        OTHER = "other", _("Other")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="external_participants")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("who they are"), max_length=20, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    reach = models.CharField(_("how to reach them"), max_length=300, blank=True)
    added_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()}{', ' + self.organisation if self.organisation else ''})"


class Meeting(CitizenRecord):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"))
    organiser = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    agenda = models.JSONField(default=list)  # [{"text": …, "by_citizen": bool}], the citizen's points first
    staff = models.ManyToManyField(StaffMember, related_name="coordination_meetings", blank=True)
    externals = models.ManyToManyField(ExternalParticipant, related_name="meetings", blank=True)
    citizen_present = models.BooleanField(_("the citizen took part"), default=True)
    bisidder = models.CharField(_("bisidder"), max_length=200, blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.TextField(_("minutes in plain language"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]


class Action(CitizenRecord):
    """Something agreed at the meeting, owned by a staff member, an external participant or the citizen."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=500)
    owner_staff = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="meeting_actions")
    owner_external = models.ForeignKey(ExternalParticipant, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="actions")
    owner_citizen = models.BooleanField(default=False)
    due = models.DateField(_("deadline"))
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["due", "pk"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(owner_staff__isnull=False, owner_external__isnull=True, owner_citizen=False)
                       | models.Q(owner_staff__isnull=True, owner_external__isnull=False, owner_citizen=False)
                       | models.Q(owner_staff__isnull=True, owner_external__isnull=True, owner_citizen=True)),
            name="meetings_action_one_owner")]
        indexes = [models.Index(fields=["owner_staff", "done_at"])]

    @property
    def owner_name(self):
        if self.owner_staff_id:
            return self.owner_staff.full_name
        if self.owner_external_id:
            return self.owner_external.name
        return self.citizen.first_name


class Task(CitizenRecord):
    """A task or question about a citizen across units, with an owner and a deadline, and a thread of replies: it
    replaces the phone call around the citizen. Seen only by those with a reason to see the citizen."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="tasks")
    subject = models.CharField(_("subject"), max_length=200)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="owned_tasks",
                              verbose_name=_("owner"))
    due = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due", "pk"]
        indexes = [models.Index(fields=["owner", "done_at"])]


class TaskMessage(CitizenRecord):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("message"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
