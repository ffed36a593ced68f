"""The closed list of grounds for a § 106 exemption (LAB § 106 stk. 1, LBK 280/2024), each with its longest duration.

An exemption always names its ground, the obligations it covers (conversations and offers; never the § 36
coordinating caseworker or the plan) and an end date (rules-sources.md, second round).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from helhed.rules.registry import LegalSource

SOURCE_106 = LegalSource("LAB", "§ 106, stk. 1", "LBK nr. 280 af 1/3/2024",
                         "https://www.elov.dk/lov-om-en-aktiv-beskaeftigelsesindsats/paragraf/106/")


@dataclass(frozen=True)
class Ground:
    code: str
    label: str
    number: str  # "nr. 1" of § 106 stk. 1
    max_days: int
    # The law gives no maximum: Helhed asks for a documented end and caps it (marked unconfirmed on screen).
    max_unconfirmed: bool = False
    not_for_groups: frozenset[str] = frozenset()
    selectable: bool = True

    @property
    def paragraph(self) -> str:
        return f"{SOURCE_106.paragraph}, {self.number}"


SIX_WEEKS = 42
GROUNDS = {g.code: g for g in [
    Ground("job", _("Starts an ordinary full-time job or a flexjob within 6 weeks (documented)"), "nr. 1", SIX_WEEKS),
    Ground("leave", _("Goes on maternity or parental leave within 6 weeks (documented)"), "nr. 1", SIX_WEEKS),
    Ground("retirement", _("Retires within 6 weeks: efterløn, fleksydelse, tidlig pension, seniorpension or folkepension "
                           "(documented)"), "nr. 1", SIX_WEEKS),
    Ground("weather", _("Sent home because of weather or lack of materials (documented)"), "nr. 2", SIX_WEEKS,
           max_unconfirmed=True),
    Ground("work_sharing", _("In a work-sharing arrangement (arbejdsfordeling)"), "nr. 3", 13 * 7,
           max_unconfirmed=True),
    Ground("education", _("Starts full-time vocational education within 6 weeks (documented); not for target groups 4 "
                          "and 5"), "nr. 4", SIX_WEEKS, not_for_groups=frozenset({"4", "5"})),
    # Exemptions recorded before the list was closed: kept as decided, never chosen again.
    Ground("unlisted", _("Recorded before the closed list of grounds (review it)"), "", 0, selectable=False),
]}


def selectable_grounds():
    return [g for g in GROUNDS.values() if g.selectable]


def longest_end(ground: Ground, valid_from: datetime.date) -> datetime.date:
    return valid_from + datetime.timedelta(days=ground.max_days - 1)
