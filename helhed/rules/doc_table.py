"""The table of rules in docs/rules.md, generated from the registry so it cannot drift:
`python manage.py rules_table` prints it, and a test fails when the document differs."""

from django.utils import translation

from helhed.rules.grounds import GROUNDS, SOURCE_106
from helhed.rules.registry import REGISTRY

BEGIN, END = "<!-- rules-table:begin -->", "<!-- rules-table:end -->"


def _row(*cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def markdown_table() -> str:
    with translation.override("en"):
        lines = [BEGIN, "", _row("Rule", "What", "Paragraph", "Law version", "Confirmed", "Source", "Since"),
                 _row(*["---"] * 7)]
        for rule_set in sorted(REGISTRY.rule_sets.values(), key=lambda r: r.valid_from):
            for rule in sorted(REGISTRY.rules[rule_set.id].values(), key=lambda r: r.id):
                confirmed = "unconfirmed" if rule.source.unconfirmed or rule_set.unconfirmed else "confirmed"
                lines.append(_row(f"`{rule.id}`", rule.title, f"{rule.source.law} {rule.source.paragraph}",
                                  rule.source.version, confirmed, rule.source.url,
                                  f"{rule_set.valid_from.isoformat()} (`{rule_set.id}`)"))
            for rule_id in sorted(rule_set.dropped):
                lines.append(_row(f"`{rule_id}`", "dropped", "", "", "", "", f"{rule_set.valid_from.isoformat()} "
                                  f"(`{rule_set.id}`)"))
        lines += ["", "§ 106 grounds (closed list; `helhed/rules/grounds.py`):", "",
                  _row("Ground", "What", "Paragraph", "Longest", "Confirmed", "Source"), _row(*["---"] * 6)]
        for ground in GROUNDS.values():
            if ground.selectable:
                lines.append(_row(f"`{ground.code}`", ground.label, f"LAB {ground.paragraph}",
                                  f"{ground.max_days} days", "unconfirmed (Helhed's cap)" if ground.max_unconfirmed
                                  else "confirmed", SOURCE_106.url))
        lines += ["", END]
    return "\n".join(lines)
