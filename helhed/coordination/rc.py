"""Relational coordination (Gittell): seven dimensions of how roles work together, asked in Helhed's own words,
answered anonymously and shown only in aggregate. An answer set carries the respondent's role and unit, never the
person; a separate row only records that the person has answered, so that nobody answers twice. A cell (a pair of
roles, or a team) is shown only from MIN_RESPONDENTS answer sets; below that it is suppressed. Never shown per
person, never for appraisal of individuals."""

from django.utils.translation import gettext_lazy as _

MIN_RESPONDENTS = 5
SCALE = (1, 2, 3, 4, 5)

# (code, Gittell's dimension, our question): "{role}" is the role the answer is about.
DIMENSIONS = (
    ("frequent", _("Frequent communication"), _("How often do you and {role} talk about the citizens you share?")),
    ("timely", _("Timely communication"), _("Do you hear from {role} in time to act?")),
    ("accurate", _("Accurate communication"), _("Can you rely on what {role} tells you about a citizen?")),
    ("problem_solving", _("Problem-solving communication"),
     _("When something goes wrong for a citizen, do you and {role} solve it together rather than look for whose "
       "fault it was?")),
    ("shared_goals", _("Shared goals"), _("Does {role} share your goals for the citizens?")),
    ("shared_knowledge", _("Shared knowledge"), _("Does {role} know what you do for the citizens?")),
    ("mutual_respect", _("Mutual respect"), _("Does {role} respect the work you do?")),
)
DIMENSION_CODES = [code for code, _label, _question in DIMENSIONS]
