"""/metrics: who may read it, what it counts, and the sum over several processes (HELHED_METRICS_DIR)."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from helhed.core import metrics
from helhed.core.schedule import periodic_tasks

TOKEN = "t0k3n-for-the-scraper-only-0123456789"


def _value(text, name, **labels):
    """The sample `name{labels}` in the exposition, or None."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    pattern = "^" + re.escape(f"{name}{{{wanted}}}" if labels else name) + r" (\S+)$"
    found = re.search(pattern, text, re.MULTILINE)
    return float(found.group(1)) if found else None


@pytest.fixture
def scrape(client, db):
    def get():
        response = client.get("/metrics")
        assert response.status_code == 200
        return response.content.decode()

    return get


def test_readable_from_localhost_without_login(client, db):
    response = client.get("/metrics")  # the test client's REMOTE_ADDR is 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE helhed_http_requests_total counter" in response.content.decode()


def test_404_from_another_address_without_the_token(client, db, settings):
    settings.HELHED_METRICS_TOKEN = TOKEN
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 404


def test_200_from_anywhere_with_the_token(client, db, settings):
    settings.HELHED_METRICS_TOKEN = TOKEN
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and b"helhed_tasks" in response.content


def test_no_token_configured_means_no_token_accepted(client, db, settings):
    settings.HELHED_METRICS_TOKEN = ""
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_behind_the_proxy_the_address_the_proxy_saw_counts(client, db, settings):
    settings.BEHIND_PROXY = True
    outside = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert outside.status_code == 404  # through nginx: the request comes from 127.0.0.1, but for 203.0.113.9
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 200  # the scraper on this host


def test_networks_may_be_allowed(client, db, settings):
    settings.HELHED_METRICS_ALLOW = ["10.0.0.0/8", "::1/128"]
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="not-an-address").status_code == 404


def test_counts_a_page_just_requested_with_its_latency(client, scrape):
    before = scrape()
    for _ in range(2):
        client.get("/healthz")
    client.get("/no-such-page/0101901234/")
    after = scrape()
    counted = _value(after, "helhed_http_requests_total", url_name="healthz", status="2xx")
    assert counted - (_value(before, "helhed_http_requests_total", url_name="healthz", status="2xx") or 0) == 2
    assert _value(after, "helhed_http_requests_total", url_name="unmatched", status="4xx") >= 1
    assert _value(after, "helhed_http_request_duration_seconds_count", url_name="healthz") == counted
    assert _value(after, "helhed_http_request_duration_seconds_bucket", url_name="healthz", le="+Inf") == counted
    buckets = [_value(after, "helhed_http_request_duration_seconds_bucket", url_name="healthz", le=repr(b))
               for b in metrics.BUCKETS]
    assert buckets == sorted(buckets)  # cumulative
    assert _value(after, "helhed_http_request_duration_seconds_sum", url_name="healthz") > 0
    assert "0101901234" not in after and "no-such-page" not in after


def test_task_queue_depth_and_the_last_success_of_periodic_work(scrape):
    tasks = {p.name: p.task for p in periodic_tasks()}
    nightly = tasks["evaluate_obligations_nightly"].enqueue()
    tasks["send_due_reminders"].enqueue()
    text = scrape()
    assert _value(text, "helhed_tasks", status="ready") == 2
    assert _value(text, "helhed_tasks", status="running") == 0
    assert _value(text, "helhed_tasks_oldest_ready_age_seconds") >= 0
    assert _value(text, "helhed_periodic_task_last_success_age_seconds", task="evaluate_obligations_nightly") is None
    assert _value(text, "helhed_database_up") == 1

    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=nightly.id).update(status="SUCCESSFUL",
                                                      finished_at=timezone.now() - datetime.timedelta(hours=3))
    text = scrape()
    assert _value(text, "helhed_tasks", status="ready") == 1 and _value(text, "helhed_tasks", status="successful") == 1
    age = _value(text, "helhed_periodic_task_last_success_age_seconds", task="evaluate_obligations_nightly")
    assert 3 * 3600 <= age < 3 * 3600 + 60


def test_every_line_is_valid_exposition(client, scrape):
    client.get("/healthz")
    sample = re.compile(r'[a-z_]+(\{([a-z_]+="[^"\n]*",?)+\})? -?[0-9.e+]+|[a-z_]+\{[^}]*le="\+Inf"[^}]*\} \d+')
    for line in scrape().splitlines():
        assert line.startswith("# HELP ") or line.startswith("# TYPE ") or sample.fullmatch(line), line


def test_label_values_are_escaped():
    assert metrics._label('a"b\\c\nd') == 'a\\"b\\\\c\\nd'


def test_the_sum_over_every_process_that_wrote_to_the_metrics_directory(client, scrape, settings, tmp_path):
    settings.HELHED_METRICS_DIR = str(tmp_path)
    # Another worker's counters, as it wrote them.
    other = {"buckets": list(metrics.BUCKETS), "requests": [["healthz", "2xx", 40]],
             "latency": [["healthz", [40] + [0] * len(metrics.BUCKETS) + [0.2]]]}
    (tmp_path / "99999-abcdef01.json").write_text(json.dumps(other))
    (tmp_path / "99998-old.json").write_text(json.dumps({**other, "buckets": [1, 2]}))  # other buckets: skipped
    (tmp_path / "99997-broken.json").write_text("{not json")
    own = metrics._counters.requests.get(("healthz", "2xx"), 0)
    client.get("/healthz")
    text = scrape()
    assert _value(text, "helhed_http_requests_total", url_name="healthz", status="2xx") == own + 1 + 40
    assert _value(text, "helhed_metrics_processes") == 2
    assert _value(text, "helhed_http_request_duration_seconds_bucket", url_name="healthz", le="0.005") >= 40
    # This process wrote its own file when it answered the scrape.
    [mine] = [p for p in tmp_path.glob("*.json") if p.name.startswith(f"{metrics._counters.name}.")]
    assert json.loads(mine.read_text())["buckets"] == list(metrics.BUCKETS)


def test_a_forked_process_starts_from_zero_under_its_own_name():
    parent = metrics._counters
    metrics.observe("healthz", 200, 0.001)
    metrics._reset_after_fork()
    try:
        assert metrics._counters.requests == {} and metrics._counters.name != parent.name
    finally:
        metrics._counters = parent


def test_an_unwritable_metrics_directory_never_fails_a_request(client, settings, tmp_path, db):
    blocker = tmp_path / "file"
    blocker.write_text("")
    settings.HELHED_METRICS_DIR = str(blocker / "metrics")  # below a file: cannot be created
    metrics._counters.flushed_at = 0.0
    assert client.get("/healthz").status_code == 200
