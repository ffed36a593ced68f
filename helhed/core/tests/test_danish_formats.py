"""Danish dates, genitives and labels: dates use Danish day and month names and order, a name's genitive follows
the language's rules, and no two different things share one Danish label."""

import datetime
import html
import re
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from helhed.core.templatetags.helhed import genitive_of

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "helhed" / "templates"
PO_FILE = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")
TUESDAY = datetime.datetime(2026, 12, 15, 14, 30, tzinfo=CPH)

NAMED_FORMATS = [
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATE_SHORT_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "WEEKDAY_DATETIME_YEAR_FORMAT",
    "WEEKDAY_DATETIME_SHORT_FORMAT",
    "DAY_MONTH_TIME_SHORT_FORMAT",
]
# Written out here, not taken from Django, so the test does not check Django against itself.
DA_DAYS = ["man", "tir", "ons", "tor", "fre", "lør", "søn"]
DA_MONTHS = ["jan.", "feb.", "marts", "april", "maj", "juni", "juli", "aug.", "sept.", "okt.", "nov.", "dec."]
EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def render(source, language, **context):
    with translation.override(language), timezone.override(CPH):
        return Template("{% load helhed %}" + source).render(Context(context))


# --- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "danish", "english"),
    [
        ("WEEKDAY_DATETIME_SHORT_FORMAT", "tir. 15. dec. kl. 14:30", "Tue, Dec 15, 14:30"),
        ("DAY_MONTH_TIME_SHORT_FORMAT", "15. dec. kl. 14:30", "Dec 15, 14:30"),
        ("WEEKDAY_DATETIME_FORMAT", "tirsdag 15. december kl. 14:30", "Tuesday, December 15, 14:30"),
        ("WEEKDAY_DATETIME_YEAR_FORMAT", "tirsdag 15. december 2026 kl. 14:30", "Tuesday, December 15, 2026, 14:30"),
        ("WEEKDAY_DATE_FORMAT", "tirsdag 15. december", "Tuesday, December 15"),
        ("WEEKDAY_DATE_SHORT_FORMAT", "tir. 15.12.", "Tue 12/15"),
        ("SHORT_DATE_FORMAT", "15.12.2026", "12/15/2026"),
        ("MONTH_DAY_FORMAT", "15. december", "December 15"),
    ],
)
def test_named_formats_are_danish_in_danish_and_english_in_english(name, danish, english):
    source = '{{ when|date:"%s" }}' % name
    assert render(source, "da", when=TUESDAY) == danish
    assert render(source, "en", when=TUESDAY) == english


def test_every_named_format_is_defined_for_every_language():
    """A format name no module defines would be printed letter by letter as a format string."""
    for language, _ in settings.LANGUAGES:
        for name in NAMED_FORMATS:
            with translation.override(language):
                text = date_format(TUESDAY, name)
            assert "_" not in text and "FORMAT" not in text, (language, name, text)


@pytest.mark.parametrize("month", range(1, 13))
def test_danish_short_dates_use_lower_case_danish_month_names(month):
    """Django's `M` capitalises ("Dec", "Maj"): the Danish formats use `N` ("dec.", "maj")."""
    day = datetime.datetime(2026, month, 15, 9, 5, tzinfo=CPH)
    text = render('{{ when|date:"WEEKDAY_DATETIME_SHORT_FORMAT" }}', "da", when=day)
    assert text == f"{DA_DAYS[day.weekday()]}. 15. {DA_MONTHS[month - 1]} kl. 09:05"


def _format_is_safe(fmt: str) -> bool:
    """A named format, or one with only numbers in it (no day or month names, whose order differs by language)."""
    if re.fullmatch(r"[A-Z_]+", fmt):
        return True
    unescaped = re.sub(r"\\.", "", fmt)
    return not re.search(r"[DlNMFbEPAaSU]", unescaped)


def test_templates_and_python_format_names_through_named_formats_only():
    """A literal format with names in it ("D j. M") would show Danish order in English and `M`'s "Dec" in Danish."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for fmt in re.findall(r"""\|date:["']([^"']*)["']""", path.read_text(encoding="utf-8")):
            if not _format_is_safe(fmt):
                offenders.append(f"{path.relative_to(ROOT)}: {fmt}")
    for path in (ROOT / "helhed").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for fmt in re.findall(r"""date_format\([^,()]+(?:\([^()]*\))?,\s*["']([^"']*)["']""", text):
            if not _format_is_safe(fmt):
                offenders.append(f"{path.relative_to(ROOT)}: {fmt}")
        for fmt in re.findall(r"""strftime\(["']([^"']*)["']\)""", text):
            if re.search(r"%[aAbBcpx]", fmt):
                offenders.append(f"{path.relative_to(ROOT)}: strftime {fmt}")
    assert offenders == []


# --- pages ------------------------------------------------------------------------------------------------------


def _page(client, language, url, **params):
    if language == "en":
        client.post("/sprog/", {"language": "en", "next": "/"})
    return html.unescape(client.get(url, params).content.decode())


def test_the_week_shows_danish_day_and_month_names(caseworker_client, municipality, make_staff):
    make_staff(municipality, "kollega", first="Bo", last="Ærenlund")  # the free/busy table has a column per weekday
    page = _page(caseworker_client, "da", reverse("contact:week"), uge="2026-12-14")
    assert "tirsdag 15. december" in page and "tir. 15.12." in page
    assert "Tuesday" not in page and "Tue " not in page and "December" not in page


def test_the_week_in_english_shows_english_day_and_month_names(caseworker_client, municipality, make_staff):
    make_staff(municipality, "kollega", first="Bo", last="Ærenlund")
    page = _page(caseworker_client, "en", reverse("contact:week"), uge="2026-12-14")
    assert "Tuesday, December 15" in page and "Tue 12/15" in page
    assert "tirsdag" not in page and "15. December" not in page


def _overview_url(citizen):
    for name in ("casefile:overview", "casefile:overview"):
        try:
            return reverse(name, args=[citizen.pk])
        except NoReverseMatch:
            continue
    raise AssertionError("no citizen overview URL")


def test_an_appointment_on_the_overview_has_a_danish_date(caseworker_client, caseworker, citizen):
    from helhed.contact.services.appointments import book_appointment

    day = timezone.localdate() + datetime.timedelta(days=15)
    starts_at = datetime.datetime(day.year, day.month, day.day, 14, 30, tzinfo=CPH)
    book_appointment(staff=caseworker, citizen=citizen, starts_at=starts_at)
    page = _page(caseworker_client, "da", _overview_url(citizen))
    assert f"{DA_DAYS[day.weekday()]}. {day.day}. {DA_MONTHS[day.month - 1]} kl. 14:30" in page
    assert f"{EN_DAYS[day.weekday()]} " not in page and f"{day.day}. {EN_MONTHS[day.month - 1]}" not in page


# --- genitives --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "danish", "english"),
    [
        ("Lucas", "Lucas'", "Lucas's"),
        ("Hans", "Hans'", "Hans's"),
        ("Felix", "Felix'", "Felix's"),
        ("Inez", "Inez'", "Inez's"),
        ("Ditte", "Dittes", "Ditte's"),
        ("Søren", "Sørens", "Søren's"),
        ("MADS", "MADS'", "MADS's"),
        ("Anne Marie Olsen", "Anne Marie Olsens", "Anne Marie Olsen's"),
        (" Jens ", "Jens'", "Jens's"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_genitive_follows_the_rules_of_the_language(name, danish, english):
    assert genitive_of(name, "da") == danish
    assert genitive_of(name, "en") == english
    assert genitive_of(name, "da-dk") == danish
    with translation.override("da"):
        assert genitive_of(name) == danish
    with translation.override("en"):
        assert genitive_of(name) == english


def test_genitive_filter_uses_the_active_language_and_escapes():
    assert render("{{ name|genitive }}", "da", name="Lucas") == "Lucas&#x27;"
    assert render("{{ name|genitive }}", "da", name="Ditte") == "Dittes"
    assert render("{{ name|genitive }}", "en", name="Ditte") == "Ditte&#x27;s"
    assert render("{{ name|genitive }}", "da", name="<b>Bo") == "&lt;b&gt;Bos"
    assert render("{{ name|genitive }}", "da", name=mark_safe("D&#x27;Artagnan")) == "D&#x27;Artagnans"
    assert render("{% autoescape off %}{{ name|genitive }}{% endautoescape %}", "da", name="Lucas") == "Lucas'"


def test_a_new_mentor_reads_the_story_with_a_correct_genitive(client, caseworker, make_citizen):
    from helhed.plans import services

    citizen = make_citizen(caseworker, first="Lucas")
    services.save_story(staff=caseworker, citizen=citizen, text="Jeg hedder Lucas.")
    client.force_login(caseworker.user)
    url = reverse("plans:story", args=[citizen.pk])
    danish = _page(client, "da", url, foerste="1")
    assert "Læs Lucas' historie først" in danish and "Lucass" not in danish
    english = _page(client, "en", url, foerste="1")
    # English writes "'s" after s too, in the filter as in the headings' own "{{ name }}'s": one style per page.
    assert "Read Lucas's story first" in english and "Lucas's story" in english and "Lucas' " not in english


# --- one Danish label, one meaning ------------------------------------------------------------------------------


def _po_translations():
    entries, current, last = {}, {}, None
    for line in PO_FILE.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current.get("msgid"):
                entries[(current.get("msgctxt"), current["msgid"])] = current.get("msgstr") or current.get(
                    "msgstr[0]", ""
                )
            current, last = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            last, _, value = line.partition(" ")
            current[last] = value[1:-1]
        elif line.startswith('"') and last:
            current[last] += line[1:-1]
    return entries


def test_personoplysninger_is_the_personal_details_only():
    translations = _po_translations()
    assert translations[(None, "Personal details")] == "Personoplysninger"
    assert translations[(None, "Person")] == "Person"  # the team table's column and the team form's picker
    assert [msgid for (_, msgid), text in translations.items() if text == "Personoplysninger"] == ["Personal details"]


def test_no_danish_translation_glues_a_genitive_s_onto_a_name():
    """ "%(name)ss" gives "Lucass" and "Hanss": use the genitive filter, or word it without a genitive."""
    glued = [msgid for (_, msgid), text in _po_translations().items() if re.search(r"%\(\w+\)s(s|'s)\b", text)]
    assert glued == []
