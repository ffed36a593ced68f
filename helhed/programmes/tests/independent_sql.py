"""The programme dashboard's counts as plain SQL, written from the definitions in `programmes/measures.py` without
its code: the test at small scale and `bench/programmes.py` at 100,000 citizens compare the two."""

import datetime

from django.db import connection

PLACEMENT = ("virksomhedspraktik", "loentilskud_privat", "loentilskud_offentlig")
WORK = PLACEMENT + ("ordinaere_timer",)
PAID = ("loentilskud_privat", "loentilskud_offentlig", "ordinaere_timer")
INTO_WORK = ("hired", "ordinary_hours")
FAR = "9999-12-31"


def _in(values):
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _sql(postgres: bool, months: int):
    later = "GREATEST" if postgres else "MAX"
    last_day = f"COALESCE(o.ended_on, o.\"end\", DATE '{FAR}')" if postgres else f"COALESCE(o.ended_on, o.\"end\", '{FAR}')"
    begins = f"{later}(o.start, e.enrolled_on)"

    def plus_months(day, n):
        if postgres:
            return f"(({day}) + INTERVAL '{n} months')::date"
        # SQLite's '+N months' overflows into the next month (31 Jan + 1 month = 3 Mar): clamp to the month's last day.
        return f"MIN(date({day}, '+{n} months'), date({day}, 'start of month', '+{n + 1} months', '-1 day'))"

    def reached(n):
        return (f"({plus_months(begins, n)} - INTERVAL '1 day')::date" if postgres
                else f"date({plus_months(begins, n)}, '-1 day')")

    offers = f"FROM offers_offer o WHERE o.citizen_id = e.citizen_id AND {last_day} >= e.enrolled_on"
    hired = f"(o.outcome IN {_in(INTO_WORK)} AND o.ended_on IS NOT NULL)"
    return {
        "enrolled": "TRUE" if postgres else "1",
        "visited": "e.visited_on <= %(on)s",
        "job_broker": "e.job_broker_on <= %(on)s",
        "plan": "e.plan_on <= %(on)s",
        "first_step": "e.first_step_on <= %(on)s",
        "progression": "EXISTS (SELECT 1 FROM plans_scoring s WHERE s.citizen_id = e.citizen_id"
                       " AND s.scored_on >= e.enrolled_on AND s.scored_on <= %(on)s)",
        "small_steps": "EXISTS (SELECT 1 FROM plans_smallstep s WHERE s.citizen_id = e.citizen_id"
                       " AND s.happened_on >= e.enrolled_on AND s.happened_on <= %(on)s)",
        "in_placement": f"EXISTS (SELECT 1 {offers} AND o.kind IN {_in(PLACEMENT)} AND o.start <= %(on)s"
                        f" AND {last_day} >= %(on)s)",
        "in_work": f"EXISTS (SELECT 1 {offers} AND o.kind IN {_in(WORK)} AND {reached(months)} <= %(on)s"
                   f" AND ({hired} OR {reached(months)} <= {last_day}))",
        "paid_this_month": f"EXISTS (SELECT 1 {offers} AND o.kind IN {_in(WORK)} AND ("
                           f"(o.kind IN {_in(PAID)} AND {begins} <= %(month_end)s AND {last_day} >= %(month_start)s)"
                           f" OR ({hired} AND o.ended_on <= %(month_end)s)))",
    }


def counts(programme_id: int, on: datetime.date, months: int = 3) -> dict[str, int]:
    postgres = connection.vendor == "postgresql"
    month_start = on.replace(day=1)
    month_end = (month_start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    answers = {}
    with connection.cursor() as cursor:
        for name, condition in _sql(postgres, months).items():
            cursor.execute(
                f"SELECT COUNT(*) FROM programmes_enrolment e WHERE e.programme_id = %(programme)s"
                f" AND e.enrolled_on <= %(on)s AND {condition}",
                {"programme": programme_id, "on": on, "month_start": month_start, "month_end": month_end})
            answers[name] = cursor.fetchone()[0]
    return answers
