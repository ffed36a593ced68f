"""The deduction arithmetic of aktivloven §§ 35–37, checked with hypothesis across month ends, public holidays,
the 3-month limit and rate changes."""

import datetime
from decimal import Decimal

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from helhed.rules import sanctions as s

days = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 12, 31))
benefits = st.integers(min_value=1000, max_value=20000).map(Decimal)


def _compute(day_list, *, decided_on, benefit, event_of=lambda day: day):
    return s.compute_deduction(day_list, event_of=event_of, decided_on=decided_on, benefit_on=lambda _d: benefit,
                               rate_sets=s.DEFAULT_RATES)


@given(missed=days, gap=st.integers(min_value=0, max_value=75))
def test_a_conversation_deduction_counts_every_calendar_day_from_the_missed_one_until_contact(missed, gap):
    contact = missed + datetime.timedelta(days=gap)
    counted = s.deduction_days("37", missed_on=missed, contact_on=contact)
    assert counted[0] == missed and len(counted) == max(gap, 1)
    assert all(b - a == datetime.timedelta(days=1) for a, b in zip(counted, counted[1:]))
    assert contact not in counted or gap == 0
    # weekends and public holidays count like any other day ("hver dag"; practice unconfirmed)
    danish = holidays.Denmark(years=range(missed.year, contact.year + 1))
    closed = [d for d in (missed + datetime.timedelta(days=n) for n in range(gap)) if d in danish or d.weekday() >= 5]
    assert set(closed) <= set(counted)


@given(missed=days, gap=st.integers(min_value=0, max_value=75), benefit=benefits)
def test_each_month_is_capped_at_its_benefit_and_the_total_is_the_sum_of_the_months(missed, gap, benefit):
    counted = s.deduction_days("37", missed_on=missed, contact_on=missed + datetime.timedelta(days=gap))
    result = _compute(counted, decided_on=missed, benefit=benefit, event_of=lambda _d: missed)
    assert result.total == sum(line.amount for line in result.lines)
    for line in result.lines:
        assert line.amount == min(line.before_cap, int(benefit)) and line.amount <= benefit
    assert sum(line.days for line in result.lines) == len(counted)
    assert len({(line.year, line.month) for line in result.lines}) == len(result.lines)


@given(day=days, benefit=benefits)
def test_every_day_is_deducted_at_the_rate_of_its_own_day_and_band(day, benefit):
    result = _compute([day], decided_on=day, benefit=benefit)
    rate_set = s.rate_set_on(day, s.DEFAULT_RATES)
    assert result.rates == ((day, rate_set.rates[rate_set.band(benefit)]),)
    if datetime.date(2025, 7, 1) <= day:
        expected = 200 if benefit < 6553 else 450 if benefit <= 9642 else 600 if benefit < 13723 else 700
    else:
        expected = 200 if benefit < 5500 else 400 if benefit <= 9700 else 600 if benefit < 13200 else 700
    assert result.rates[0][1] == expected


@given(start=st.dates(min_value=datetime.date(2025, 6, 1), max_value=datetime.date(2025, 6, 30)),
       length=st.integers(min_value=1, max_value=40), benefit=st.integers(min_value=6553, max_value=9642).map(Decimal))
def test_a_period_across_the_1_july_2025_rate_change_uses_both_tables(start, length, benefit):
    period = [start + datetime.timedelta(days=n) for n in range(length)]
    result = _compute(period, decided_on=period[-1], benefit=benefit)
    before = sum(1 for d in period if d < datetime.date(2025, 7, 1))
    after = length - before
    expected_rate_before = 200 if benefit < 5500 else 400
    assert [r for _d, r in result.rates] == [expected_rate_before] * before + [450] * after


@settings(max_examples=200)
@given(event=days, delay=st.integers(min_value=0, max_value=200))
def test_the_three_month_limit_is_the_end_of_the_third_whole_month_after_the_event(event, delay):
    limit = s.last_day_to_decide(event)
    assert (limit + datetime.timedelta(days=1)).day == 1  # a month's last day
    months = (limit.year - event.year) * 12 + limit.month - event.month
    assert months == 3
    decided = event + datetime.timedelta(days=delay)
    result = _compute([event], decided_on=decided, benefit=Decimal(12000))
    assert (result.out_of_time == (event,)) == (decided > limit)
    assert (result.total == 0) == (decided > limit)


def test_known_limits():
    assert s.last_day_to_decide(datetime.date(2026, 1, 15)) == datetime.date(2026, 4, 30)
    assert s.last_day_to_decide(datetime.date(2026, 11, 30)) == datetime.date(2027, 2, 28)
    assert s.last_day_to_decide(datetime.date(2027, 11, 1)) == datetime.date(2028, 2, 29)
