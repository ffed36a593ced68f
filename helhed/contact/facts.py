"""Until appointments and conversation records arrive (issue 5), the rules read held job conversations from
journal notes: a note of kind visitation, conversation or home visit written by a caseworker counts as a
conversation in person, a phone call as one by phone. Registered with the rules engine in ContactConfig.ready()."""

from collections import defaultdict

from helhed.contact.models import JournalNote
from helhed.core.models import Role
from helhed.rules.facts import Conversation

IN_PERSON = {
    JournalNote.Kind.VISITATION: True, JournalNote.Kind.CONVERSATION: True, JournalNote.Kind.HOME_VISIT: True,
    JournalNote.Kind.PHONE: False,
}


def conversations_from_journal(citizen_ids):
    result = defaultdict(list)
    notes = (
        JournalNote.objects.filter(
            citizen_id__in=citizen_ids, kind__in=list(IN_PERSON), superseded_by__isnull=True,
            author__roles__role__in=[Role.CASEWORKER, Role.COORDINATING_CASEWORKER],
        )
        .values_list("citizen_id", "occurred_on", "kind")
        .distinct()
    )
    for citizen_id, occurred_on, kind in notes:
        result[citizen_id].append(Conversation(on=occurred_on, in_person=IN_PERSON[kind]))
    return result
