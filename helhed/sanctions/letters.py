"""What the citizen is told, in plain and kind words, in Danish or English: short messages at each step, and the
hearing and decision letters (kept as sent; their PDF is drawn from them)."""

import datetime

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhed.sanctions.models import Letter

LANGUAGES = ("da", "en")


def language_of(citizen) -> str:
    return citizen.preferred_language if citizen.preferred_language in LANGUAGES else "da"


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _kr(amount) -> str:
    text = f"{int(amount):,}"
    return (text.replace(",", ".") if translation.get_language() == "da" else text) + " kr."


def summary_of(what: str, day: datetime.date) -> str:
    return _("Absent from %(what)s on %(day)s.") % {"what": what.lower(), "day": _day(day)}


def _what(case) -> str:
    if case.source == "jobsamtale":
        return _("your job conversation")
    if case.source == "mentor":
        return _("your meeting with your mentor")
    if case.source == "offer":
        return _("your offer")
    return ""


def _in(case, message):
    with translation.override(language_of(case.citizen)):
        return message(case)


def opened_message(case):
    def text(case):
        if case.source == "refusal":
            return (_("We would like to talk with you"),
                    _("Dear %(name)s\n\nWe have noted: %(summary)s\n\nPlease call or write to us, so we can hear your "
                      "side. Nothing is decided about your benefit before we have tried to reach you and you have "
                      "had the chance to answer in writing.") % {"name": case.citizen.first_name,
                                                                 "summary": case.summary})
        return (_("We missed you – please get in touch"),
                _("Dear %(name)s\n\nYou did not come to %(what)s on %(day)s. We would like to hear how you are. "
                  "Please call or write to us, or tell your mentor.\n\nNothing is decided about your benefit before "
                  "we have tried to reach you and you have had the chance to answer in writing.")
                % {"name": case.citizen.first_name, "what": _what(case), "day": _day(case.event_on)})
    return _in(case, text)


def referred_message(case):
    def text(case):
        return (_("We are looking at whether your absence affects your benefit"),
                _("Dear %(name)s\n\nYour absence on %(day)s has been passed to %(officer)s, who looks at whether it "
                  "affects your benefit. You will get a letter and time to answer before anything is decided.")
                % {"name": case.citizen.first_name, "day": _day(case.event_on), "officer": case.referred_to.full_name})
    return _in(case, text)


def resolved_message(case):
    def text(case):
        return (_("Thank you – your absence is cleared up"),
                _("Dear %(name)s\n\nThank you for talking with us about %(day)s. The matter is cleared up, and "
                  "nothing happens to your benefit.") % {"name": case.citizen.first_name, "day": _day(case.event_on)})
    return _in(case, text)


def _paragraph(case) -> str:
    return {"36": "§ 36", "37": "§ 37", "40": "§§ 39–40"}[case.ground]


def _signature(staff) -> str:
    return _("Kind regards\n%(name)s\n%(unit)s") % {"name": staff.full_name, "unit": staff.unit.name}


def _happened(case) -> str:
    if case.source == "refusal":
        return _("We have noted: %(summary)s") % {"summary": case.summary}
    return _("You did not come to %(what)s on %(day)s.") % {"what": _what(case), "day": _day(case.event_on)}


def _portal_url(page: str) -> str:
    """The citizen portal's page, for letters that go out (empty when no portal is served)."""
    path = getattr(settings, "PORTAL_PATH", "")
    return f"{settings.PUBLIC_URL}{path}{page}" if path else ""


def hearing_letter(case, *, staff, deadline: datetime.date, preview) -> Letter:
    language = language_of(case.citizen)
    with translation.override(language):
        values = {"name": case.citizen.first_name, "what": _what(case), "day": _day(case.event_on),
                  "deadline": _day(deadline), "officer": staff.full_name, "paragraph": _paragraph(case)}
        happened = _happened(case)
        if case.ground == "40":
            may = _("If there was no reasonable cause, we may reduce your benefit once by 3 times the daily rate.")
        elif preview.rates:
            rate = preview.rates[0][1]
            may = ngettext(
                "If there was no reasonable cause, we may deduct %(rate)s a day from your benefit for %(days)s day: "
                "%(total)s in all.",
                "If there was no reasonable cause, we may deduct %(rate)s a day from your benefit for %(days)s days: "
                "%(total)s in all.", len(preview.rates),
            ) % {"rate": _kr(rate), "days": len(preview.rates), "total": _kr(preview.total)}
        else:
            may = _("If there was no reasonable cause, we may deduct an amount a day from your benefit until you are "
                    "in touch with us again.")
        paragraphs = [
            _("Dear %(name)s") % values,
            happened,
            may,
            _("Nothing is decided yet. If something got in the way – for example that you were ill, had trouble with "
              "childcare or transport, or were not well – we want to know. Then we take it into account, and it may "
              "mean that nothing is deducted."),
            _("How to answer: call or write to %(officer)s, answer in Digital Post, or tell your caseworker or mentor, "
              "who will pass it on. You may bring someone with you or let someone answer for you.") % values,
            *([_("You can also answer on My page: %(url)s") % {"url": portal}] if (portal := _portal_url("breve/")) else []),
            _("Please answer by %(deadline)s. If we do not hear from you, we decide on the information we have.") % values,
            _("The rules are in the act on active social policy (aktivloven) %(paragraph)s and § 35, and in the "
              "Public Administration Act § 19 on hearing.") % values,
            _signature(staff),
        ]
        subject = _("Your absence on %(day)s – tell us what happened") % values if case.source != "refusal" else \
            _("Tell us what happened – answer by %(deadline)s") % values
    return Letter.objects.create(municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case,
                                 kind=Letter.Kind.HEARING, language=language, subject=subject, paragraphs=paragraphs,
                                 created_by=staff)


def decision_letter(case, *, staff, outcome: str, reasons: str, amount: int, lines) -> Letter:
    language = language_of(case.citizen)
    with translation.override(language):
        values = {"name": case.citizen.first_name, "day": _day(case.event_on), "amount": _kr(amount),
                  "paragraph": _paragraph(case)}
        if outcome == "none":
            subject = _("Decision: no deduction in your benefit")
            decided = _("We have decided not to deduct anything from your benefit for %(day)s.") % values
        elif outcome == "reduction":
            subject = _("Decision: reduction of your benefit")
            decided = _("We have decided to reduce your benefit once by %(amount)s.") % values
        else:
            subject = _("Decision: deduction in your benefit")
            decided = _("We have decided to deduct %(amount)s from your benefit.") % values
        paragraphs = [_("Dear %(name)s") % values, _happened(case), decided]
        for line in lines if outcome == "deduction" else []:
            month = date_format(datetime.date(line["year"], line["month"], 1), "YEAR_MONTH_FORMAT")
            paragraphs.append(ngettext("%(month)s: %(days)s day, %(amount)s", "%(month)s: %(days)s days, %(amount)s",
                                       line["days"]) % {"month": month, "days": line["days"],
                                                        "amount": _kr(line["amount"])})
        paragraphs += [
            _("Why we decided this:"),
            reasons,
            _("The decision is made under the act on active social policy (aktivloven) %(paragraph)s and § 35.")
            % values,
            _("How to complain: you can complain about this decision. Your complaint must reach the municipality "
              "within 4 weeks of receiving this letter. You may complain in writing or by telling us. We look at the "
              "case again, and if we keep the decision, we send your complaint on to Ankestyrelsen (the National "
              "Social Appeals Board). (Retssikkerhedsloven §§ 60, 66 and 67.)"),
            _signature(staff),
        ]
    return Letter.objects.create(municipality_id=case.municipality_id, citizen_id=case.citizen_id, case=case,
                                 kind=Letter.Kind.DECISION, language=language, subject=subject, paragraphs=paragraphs,
                                 created_by=staff)
