"""Progress lines of long commands: the estimate, at most one line every two seconds, silent at verbosity 0."""

import io

import pytest
from django.core.management import call_command

from helhed.core.progress import Progress, duration_text


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


def _progress(clock, **kwargs):
    stream = io.StringIO()
    kwargs.setdefault("unit", "citizens")
    return Progress("generate_municipality", clock=clock, stream=stream, **kwargs), stream


@pytest.mark.parametrize("seconds, text", [
    (0, "0 s"), (0.4, "0 s"), (45, "45 s"), (59.6, "1 min"), (60, "1 min"), (330, "5 min 30 s"), (3599, "59 min 59 s"),
    (3600, "1 h"), (7500, "2 h 5 min"), (-3, "0 s"),
])
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


def test_the_line_gives_done_total_percent_elapsed_and_an_estimate(clock):
    progress, stream = _progress(clock, total=1_000_000)
    clock.now += 45
    progress(120_000)
    assert stream.getvalue() == (
        "generate_municipality: 120,000/1,000,000 citizens (12 %), 45 s elapsed, about 5 min 30 s left\n"
    )


def test_at_most_one_line_every_two_seconds(clock):
    progress, stream = _progress(clock, total=100)
    for done in range(1, 100):
        clock.now += 0.25
        progress(done)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 12  # 99 calls over 24.75 s
    assert lines[0] == "generate_municipality: 8/100 citizens (8 %), 2 s elapsed, about 23 s left"
    progress.finish()
    assert stream.getvalue().splitlines()[-1] == "generate_municipality: 99/100 citizens (99 %), 25 s elapsed"


def test_the_total_may_come_with_the_first_call_and_the_end_is_printed_once(clock):
    progress, stream = _progress(clock)
    clock.now += 1
    progress(2000, 5000)
    clock.now += 3
    progress(4000, 5000)
    clock.now += 1
    progress(5000, 5000)  # the last chunk: left to finish()
    progress.finish()
    assert stream.getvalue().splitlines() == [
        "generate_municipality: 4,000/5,000 citizens (80 %), 4 s elapsed, about 1 s left",
        "generate_municipality: 5,000/5,000 citizens (100 %), 5 s elapsed",
    ]


def test_without_a_total_the_count_and_the_time(clock):
    progress, stream = _progress(clock, unit="")
    clock.now += 2
    progress(17)
    assert stream.getvalue() == "generate_municipality: 17, 2 s elapsed\n"


def test_silent_at_verbosity_0(clock):
    progress, stream = _progress(clock, total=10, verbosity=0)
    for done in range(1, 11):
        clock.now += 5
        progress(done)
    progress.finish()
    assert stream.getvalue() == ""


def test_nothing_at_the_end_when_nothing_was_reported(clock):
    progress, stream = _progress(clock)
    clock.now += 10
    progress.finish()
    assert stream.getvalue() == ""


def test_the_commands_print_their_progress_on_stderr_and_nothing_at_verbosity_0(db):
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_municipality", citizens=30, seed=3, stdout=out, stderr=err)
    assert err.getvalue().startswith("generate_municipality: 30/30 citizens (100 %), ")
    assert "citizens" in out.getvalue() and "generate_municipality:" not in out.getvalue()
    err = io.StringIO()
    call_command("evaluate_obligations", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("evaluate_obligations: ") and " citizens (100 %), " in err.getvalue()
    for command in ("evaluate_obligations", "apply_retention"):
        err = io.StringIO()
        call_command(command, verbosity=0, stdout=io.StringIO(), stderr=err)
        assert err.getvalue() == ""


def test_retention_reports_each_citizen_anonymised(caseworker, make_citizen):
    from helhed.citizens.models import Case

    for cpr in ("0101901234", "0202902345"):
        make_citizen(caseworker, cpr=cpr)
    Case.objects.update(status=Case.Status.CLOSED, closed_on="2020-01-01")
    err = io.StringIO()
    call_command("apply_retention", "--as-of", "2026-11-01", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("apply_retention: 2/2 citizens (100 %), ")
