import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helhed.offers import selectors, services
from helhed.offers.extensions import offers_for
from helhed.offers.models import Employer, Offer, Sector
from helhed.rules.engine import evaluate
from helhed.rules.facts import load_facts

D = datetime.date
VALID_CVR = "13585628"
MONDAY = D(2026, 12, 7)


@pytest.fixture
def employer(caseworker):
    return services.create_employer(staff=caseworker, name="Fjordby Byggemarked", cvr=VALID_CVR, sector=Sector.RETAIL,
                                    postcode="7100")


@pytest.fixture
def place(caseworker, employer):
    return services.create_place(staff=caseworker, employer=employer, title="Lagermedhjælper",
                                 tasks="Varemodtagelse, opfyldning af hylder", capacity=2, hours_min=8, hours_max=25)


def _internship(caseworker, citizen, place, start=MONDAY, weeks=13, **kwargs):
    return services.create_internship(staff=caseworker, citizen=citizen, place=place, start=start,
                                      end=start + datetime.timedelta(weeks=weeks, days=-1),
                                      minutes_per_week=kwargs.pop("minutes", 12 * 60), **kwargs)


@pytest.mark.parametrize("cvr", ["13585627", "1358562", "abcdefgh", ""])
def test_an_invalid_cvr_number_is_refused_with_a_clear_message(caseworker, cvr):
    with pytest.raises(ValidationError) as error:
        services.create_employer(staff=caseworker, name="X", cvr=cvr, sector=Sector.RETAIL)
    assert "CVR" in error.value.message_dict["cvr"][0]
    assert not Employer.objects.exists()


def test_a_cvr_number_is_stored_as_its_eight_digits_and_registered_once(caseworker):
    services.create_employer(staff=caseworker, name="A", cvr="13 58 56 28", sector=Sector.RETAIL)
    assert Employer.objects.get().cvr == VALID_CVR
    with pytest.raises(ValidationError) as error:
        services.create_employer(staff=caseworker, name="B", cvr=VALID_CVR, sector=Sector.RETAIL)
    assert "A" in error.value.message_dict["cvr"][0]


def test_overlapping_internships_are_refused(caseworker, citizen, place):
    _internship(caseworker, citizen, place)
    with pytest.raises(ValidationError) as error:
        _internship(caseworker, citizen, place, start=MONDAY + datetime.timedelta(weeks=4), weeks=4)
    assert "overlap" in error.value.message_dict["start"][0] or "samme tid" in error.value.message_dict["start"][0]
    assert Offer.objects.count() == 1


def test_an_internship_after_the_last_one_ended_early_is_allowed(caseworker, citizen, place):
    first = _internship(caseworker, citizen, place)
    services.end_offer(staff=caseworker, offer=first, ended_on=MONDAY + datetime.timedelta(days=10),
                       outcome=Offer.Outcome.STOPPED, reason="Smerter i ryggen.", report={"text": "Stoppet."})
    _internship(caseworker, citizen, place, start=MONDAY + datetime.timedelta(weeks=3), weeks=4)
    assert Offer.objects.count() == 2


def test_an_internship_longer_than_the_tier_is_refused_citing_61(caseworker, citizen, place):
    with pytest.raises(ValidationError) as error:
        _internship(caseworker, citizen, place, weeks=14)
    assert "§ 61" in error.value.message_dict["end"][0]


def test_a_jobparat_citizen_gets_four_weeks(caseworker, make_citizen, place):
    jobparat = make_citizen(caseworker, cpr="0202901234", group="2")
    with pytest.raises(ValidationError):
        _internship(caseworker, jobparat, place, weeks=5)
    assert _internship(caseworker, jobparat, place, weeks=4).end == MONDAY + datetime.timedelta(weeks=4, days=-1)


def test_an_extension_past_the_tier_needs_a_reason(caseworker, citizen, place):
    offer = _internship(caseworker, citizen, place)
    with pytest.raises(ValidationError) as error:
        services.extend_offer(staff=caseworker, offer=offer, new_end=offer.end + datetime.timedelta(weeks=13),
                              reason="  ")
    assert "reason" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.end == MONDAY + datetime.timedelta(weeks=13, days=-1) and not offer.extensions.exists()


def test_an_extension_reaches_at_most_13_weeks_further(caseworker, citizen, place):
    offer = _internship(caseworker, citizen, place)
    with pytest.raises(ValidationError):
        services.extend_offer(staff=caseworker, offer=offer, new_end=offer.end + datetime.timedelta(weeks=14),
                              reason="Vurderet.")
    services.extend_offer(staff=caseworker, offer=offer, new_end=offer.end + datetime.timedelta(weeks=13),
                          reason="Faste opgaver på lageret; værkføreren ser et job.")
    offer.refresh_from_db()
    assert offer.end == MONDAY + datetime.timedelta(weeks=26, days=-1)


def test_a_four_week_internship_cannot_be_extended(caseworker, make_citizen, place):
    jobparat = make_citizen(caseworker, cpr="0202901234", group="2")
    offer = _internship(caseworker, jobparat, place, weeks=4)
    with pytest.raises(ValidationError) as error:
        services.extend_offer(staff=caseworker, offer=offer, new_end=offer.end + datetime.timedelta(weeks=2),
                              reason="Borgeren ønsker det.")
    assert "§ 61, stk. 2" in error.value.message_dict["new_end"][0]


def test_hours_adjustments_are_logged_with_reason_and_give_the_hours_on_a_day(caseworker, citizen, place):
    offer = _internship(caseworker, citizen, place, minutes=18 * 60)
    with pytest.raises(ValidationError):
        services.adjust_hours(staff=caseworker, offer=offer, valid_from=MONDAY + datetime.timedelta(weeks=2),
                              minutes_per_week=12 * 60, reason="")
    services.adjust_hours(staff=caseworker, offer=offer, valid_from=MONDAY + datetime.timedelta(weeks=2),
                          minutes_per_week=12 * 60, reason="Ned fra 18 til 12 timer: smerterne tager til efter 4 timer.")
    assert services.current_minutes(offer, MONDAY) == 18 * 60
    assert services.current_minutes(offer, MONDAY + datetime.timedelta(weeks=3)) == 12 * 60
    change = offer.hours_adjustments.get()
    assert (change.previous_minutes, change.minutes_per_week) == (18 * 60, 12 * 60)


def test_a_place_is_full_at_its_capacity(caseworker, make_citizen, place):
    for n in range(2):
        _internship(caseworker, make_citizen(caseworker, cpr=f"0{n + 3}0290123{n}"), place)
    with pytest.raises(ValidationError) as error:
        _internship(caseworker, make_citizen(caseworker, cpr="0505901234"), place)
    assert "place" in error.value.message_dict


def test_mentor_support_is_granted_for_at_most_six_months_and_needs_a_purpose(caseworker, citizen):
    with pytest.raises(ValidationError) as error:
        services.create_offer(staff=caseworker, citizen=citizen, kind=Offer.Kind.MENTOR, start=MONDAY,
                              end=D(2027, 7, 1), minutes_per_week=120, purpose="Følge til lægen.")
    assert "§ 167" in error.value.message_dict["end"][0]
    with pytest.raises(ValidationError):
        services.create_offer(staff=caseworker, citizen=citizen, kind=Offer.Kind.MENTOR, start=MONDAY,
                              end=D(2027, 6, 1), minutes_per_week=120, purpose="")


def test_offers_are_rule_facts_with_their_extensions(caseworker, citizen, place):
    offer = _internship(caseworker, citizen, place)
    services.extend_offer(staff=caseworker, offer=offer, new_end=offer.end + datetime.timedelta(weeks=13),
                          reason="Mere tid.")
    with CaptureQueriesContext(connection) as queries:
        facts = offers_for([citizen.pk])
    assert len(queries) == 1
    [fact] = facts[citizen.pk]
    assert (fact.kind, fact.start, fact.end, fact.extensions, fact.extension_reason) == (
        "virksomhedspraktik", MONDAY, MONDAY + datetime.timedelta(weeks=26, days=-1), 1, "Mere tid.")
    obligations = {o.rule_id: o for o in evaluate(load_facts([citizen.pk])[citizen.pk], MONDAY)}
    assert str(obligations["internship_duration"].status) == "met"


def test_an_offer_makes_ret_og_pligt_met(caseworker, make_citizen, place):
    jobparat = make_citizen(caseworker, cpr="0202901234", group="2", since=D(2026, 8, 3))
    as_of = D(2026, 12, 1)
    before = {o.rule_id: o for o in evaluate(load_facts([jobparat.pk])[jobparat.pk], as_of)}
    assert str(before["ret_og_pligt_102"].status) != "met"
    services.create_offer(staff=caseworker, citizen=jobparat, kind=Offer.Kind.GUIDANCE, start=D(2026, 11, 2),
                          end=D(2026, 11, 27), purpose="Truckcertifikat; lageret i Fjordby søger folk.")
    after = {o.rule_id: o for o in evaluate(load_facts([jobparat.pk])[jobparat.pk], as_of)}
    assert str(after["ret_og_pligt_102"].status) == "met"  # § 91 counts from 1 Jul 2026


def test_places_are_ranked_by_the_wish_the_citizen_ranked_first(caseworker, citizen, employer, place):
    care = services.create_employer(staff=caseworker, name="Plejecenter Solgården", cvr="10150817",
                                    sector=Sector.CARE, postcode="7300")
    kitchen = services.create_place(staff=caseworker, employer=care, title="Køkkenhjælper", tasks="Opvask, anretning")
    services.save_wishes(staff=caseworker, citizen=citizen, ranking=["sector", "distance"], sectors=[Sector.CARE],
                         postcode="7100")
    ranked = selectors.ranked_places(citizen.municipality_id, selectors.wishes_of(citizen), MONDAY)
    assert [c.place for c in ranked] == [kitchen, place]
    assert "Care" in ranked[0].reasons[0] or "Pleje" in ranked[0].reasons[0]
    services.save_wishes(staff=caseworker, citizen=citizen, ranking=["distance", "sector"], sectors=[Sector.CARE],
                         postcode="7100")
    ranked = selectors.ranked_places(citizen.municipality_id, selectors.wishes_of(citizen), MONDAY)
    assert ranked[0].place == place  # near home now weighs most; 7300 is 200 away


def test_a_full_place_is_not_a_candidate(caseworker, make_citizen, citizen, place):
    for n in range(2):
        _internship(caseworker, make_citizen(caseworker, cpr=f"0{n + 3}0290123{n}"), place)
    assert selectors.ranked_places(citizen.municipality_id, None, MONDAY + datetime.timedelta(days=1)) == []


@pytest.mark.django_db
def test_track_records_and_review_flags_on_generated_data_match_an_independent_count(settings):
    from helhed.demo.generator import Generator

    day = D(2026, 11, 30)
    municipality = Generator(citizens=400, seed=5, as_of=day).run().municipality
    expected = {}
    for employer_id, start, ended_on, outcome in Offer.objects.filter(
            kind=Offer.Kind.INTERNSHIP, employer__isnull=False).values_list("employer_id", "start", "ended_on", "outcome"):
        row = expected.setdefault(employer_id, [0, 0, 0, 0, 0, 0])
        ended = ended_on is not None and ended_on <= day
        lately = ended and ended_on > day - datetime.timedelta(days=365)
        hired = outcome in ("hired", "ordinary_hours")
        row[0] += start <= day
        row[1] += ended and outcome != "stopped"
        row[2] += ended and outcome == "stopped"
        row[3] += ended and hired
        row[4] += lately
        row[5] += lately and hired
    records = selectors.track_records(municipality.pk, day)
    assert sum(r.placements for r in records) > 100
    for record in records:
        want = expected.get(record.employer.pk, [0] * 6)
        got = [record.placements, record.completed, record.dropped_out, record.hired, record.ended_lately,
               record.hired_lately]
        assert got == want, record.employer.name
        assert record.under_review == (want[4] >= settings.HELHED_EMPLOYER_REVIEW_AFTER and want[5] == 0)
    flagged = {r.employer.pk for r in records if r.under_review}
    assert flagged and flagged == selectors.flagged_employers(municipality.pk, day)


@pytest.mark.parametrize("typed, minutes", [("12", 720), ("12,5", 750), ("12.5", 750), ("12:30", 750), ("7:05", 425),
                                            (" 8 ", 480)])
def test_time_per_week_is_typed_as_hours(typed, minutes):
    from helhed.offers.forms import HoursForm

    form = HoursForm({"valid_from": "2026-12-07", "minutes_per_week": typed, "reason": "Ned i tid."})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["minutes_per_week"] == minutes


@pytest.mark.parametrize("typed", ["tolv", "12:75", "-3", "1234567", "12,5,5"])
def test_time_per_week_that_is_not_hours_gets_a_clear_error(typed):
    from helhed.offers.forms import HoursForm

    form = HoursForm({"valid_from": "2026-12-07", "minutes_per_week": typed, "reason": "Ned i tid."})
    assert not form.is_valid() and "12:30" in form.errors["minutes_per_week"][0]
