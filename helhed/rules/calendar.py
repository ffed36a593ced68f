"""Dates for deadlines: Danish public holidays, working days and calendar months."""

import calendar
import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("DK", years=year))


def holiday_name(day: datetime.date, language: str = "da") -> str | None:
    return holidays.country_holidays("DK", years=day.year, language=language).get(day)


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a Danish public holiday (Grundlovsdag and 24 and 31 December are not public holidays)."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after `day` (count ≥ 0; 0 gives `day` moved to a working day)."""
    day = next_working_day(day)
    for _ in range(count):
        day = next_working_day(day + datetime.timedelta(days=1))
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days in (start, end]: how many working days from `start` until `end`; negative if end is earlier."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + datetime.timedelta(days=n)))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of the month `months` later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadline(day: datetime.date) -> datetime.date:
    """A deadline that falls on a weekend or holiday moves to the next working day."""
    return next_working_day(day)
