"""Request metrics and `/metrics` in the Prometheus text format (written by hand; no client library).

helhed.core.request_log calls `observe()` once per request; `exposition()` writes:

- `helhed_http_requests_total{url_name, status}`: requests answered, by URL name and status class (2xx, 3xx, …);
- `helhed_http_request_duration_seconds{url_name}`: a histogram of their durations (buckets 5 ms … 2.5 s);
- `helhed_tasks{status}`: the rows of the task queue (django-tasks-db) by status, and
  `helhed_tasks_oldest_ready_age_seconds`: how long the oldest task ready to run has waited;
- `helhed_periodic_task_last_success_age_seconds{task}`: seconds since each periodic task (`core.schedule`: the
  reminder run, the nightly rules scan) last finished successfully — absent until it has once;
- `helhed_metrics_processes`, `helhed_database_up`.

URL names (the route, never the path) and status classes are the only labels, so the number of series is bounded
by the number of routes. No personal data is counted.

Counters live in each process's memory. gunicorn runs several workers behind one socket, so a scrape reaches one
of them at random; with `HELHED_METRICS_DIR` set (deploy/helhed-web.service sets a runtime directory), each
process also writes its counters there, at most once a second and whenever it answers a scrape, and a scrape sums
the files of every process that has served since the service started. Without it (development, tests) a scrape
shows the answering process's own counters.
"""

import bisect
import ipaddress
import json
import logging
import os
import threading
import time
import uuid
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger("helhed.metrics")

# Upper bounds of the latency buckets, in seconds (Prometheus' base unit): 5, 10, 25, 50, 100, 150, 250, 500 ms, 1 s,
# 2.5 s; one more bucket counts what is slower.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5)
SUM = len(BUCKETS) + 1  # index of the sum in a latency row: the buckets, the overflow, the sum
FLUSH_SECONDS = 1.0
STATUS_CLASSES = {1: "1xx", 2: "2xx", 3: "3xx", 4: "4xx", 5: "5xx"}
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.flushing = threading.Lock()  # one writer at a time (runserver serves in threads)
        self.requests: dict[tuple[str, str], int] = {}  # (url name, status class) -> requests
        self.latency: dict[str, list] = {}  # url name -> [count per bucket …, overflow, sum of seconds]
        self.name = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"  # this process's file in HELHED_METRICS_DIR
        self.flushed_at = 0.0
        self.flush_failed = False


_counters = _Counters()


def _reset_after_fork():
    """A forked process starts from zero, under a name of its own (gunicorn forks its workers)."""
    global _counters
    _counters = _Counters()


os.register_at_fork(after_in_child=_reset_after_fork)


def observe(url_name: str, status: int, seconds: float) -> None:
    """Count one answered request. Cheap: two dict updates and a bisect, and at most once a second a small file."""
    counters = _counters
    key = (url_name, STATUS_CLASSES.get(status // 100, "other"))
    with counters.lock:
        counters.requests[key] = counters.requests.get(key, 0) + 1
        row = counters.latency.get(url_name)
        if row is None:
            row = counters.latency[url_name] = [0] * (SUM + 1)
        row[bisect.bisect_left(BUCKETS, seconds)] += 1
        row[SUM] += seconds
    directory = settings.HELHED_METRICS_DIR
    if directory and time.monotonic() - counters.flushed_at >= FLUSH_SECONDS:
        _flush(directory)


def _snapshot(counters) -> dict:
    with counters.lock:
        return {
            "buckets": list(BUCKETS),
            "requests": [[name, status, count] for (name, status), count in counters.requests.items()],
            "latency": [[name, list(row)] for name, row in counters.latency.items()],
        }


def _flush(directory: str) -> None:
    """Write this process's counters to <directory>/<pid>-<random>.json, atomically (write, then rename)."""
    counters = _counters
    with counters.flushing:
        counters.flushed_at = time.monotonic()
        path = Path(directory) / f"{counters.name}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(_snapshot(counters)), encoding="utf-8")
            os.replace(temporary, path)
        except OSError as error:
            if not counters.flush_failed:  # once per process: a metrics directory never fails a request
                counters.flush_failed = True
                logger.warning("Cannot write the request metrics to %s: %s", directory, error)


def collect() -> tuple[dict, dict, int]:
    """(requests, latency rows, number of processes) summed over every process that wrote to HELHED_METRICS_DIR,
    or this process's own counters without it."""
    directory = settings.HELHED_METRICS_DIR
    if not directory:
        snapshot = _snapshot(_counters)
        snapshots = [snapshot]
    else:
        _flush(directory)
        snapshots = []
        for path in sorted(Path(directory).glob("*.json")):
            try:
                snapshots.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                continue  # a file that vanished or cannot be read: skipped this once
    requests, latency, processes = {}, {}, 0
    for snapshot in snapshots:
        if snapshot.get("buckets") != list(BUCKETS):
            continue  # written by a version with other buckets
        processes += 1
        for name, status, count in snapshot["requests"]:
            requests[(name, status)] = requests.get((name, status), 0) + count
        for name, row in snapshot["latency"]:
            if len(row) == SUM + 1:
                total = latency.setdefault(name, [0] * (SUM + 1))
                for index, value in enumerate(row):
                    total[index] += value
    return requests, latency, processes


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def _request_lines() -> list[str]:
    requests, latency, processes = collect()
    lines = [
        "# HELP helhed_http_requests_total Requests answered, by URL name and status class.",
        "# TYPE helhed_http_requests_total counter",
    ]
    for (name, status), count in sorted(requests.items()):
        lines.append(f'helhed_http_requests_total{{url_name="{_label(name)}",status="{status}"}} {count}')
    lines += [
        "# HELP helhed_http_request_duration_seconds Time from the request to the response, by URL name.",
        "# TYPE helhed_http_request_duration_seconds histogram",
    ]
    for name, row in sorted(latency.items()):
        label, cumulative = _label(name), 0
        for bound, count in zip([*map(repr, BUCKETS), "+Inf"], row[:SUM], strict=True):
            cumulative += count
            lines.append(f'helhed_http_request_duration_seconds_bucket{{url_name="{label}",le="{bound}"}} {cumulative}')
        lines.append(f'helhed_http_request_duration_seconds_sum{{url_name="{label}"}} {_number(float(row[SUM]))}')
        lines.append(f'helhed_http_request_duration_seconds_count{{url_name="{label}"}} {cumulative}')
    lines += [
        "# HELP helhed_metrics_processes Web processes whose counters are summed here.",
        "# TYPE helhed_metrics_processes gauge",
        f"helhed_metrics_processes {processes}",
    ]
    return lines


def _database_lines() -> list[str]:
    """The task queue and the periodic work, from the database: three small aggregate queries."""
    from django.db import DatabaseError
    from django.db.models import Count, Max, Min
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from helhed.core.schedule import periodic_tasks

    periodic = {p.task.module_path: p.name for p in periodic_tasks()}
    try:
        by_status = dict(DBTaskResult.objects.order_by().values_list("status").annotate(n=Count("pk")))
        oldest = DBTaskResult.objects.ready().order_by().aggregate(oldest=Min("enqueued_at"))["oldest"]
        last_success = dict(
            DBTaskResult.objects.successful().filter(task_path__in=list(periodic)).order_by()
            .values_list("task_path").annotate(last=Max("finished_at"))
        )
    except DatabaseError:
        return ["# HELP helhed_database_up Whether the database answered this scrape.",
                "# TYPE helhed_database_up gauge", "helhed_database_up 0"]
    now = timezone.now()
    lines = [
        "# HELP helhed_database_up Whether the database answered this scrape.",
        "# TYPE helhed_database_up gauge",
        "helhed_database_up 1",
        "# HELP helhed_tasks Task-queue rows (django-tasks-db) by status: ready and running are the queue; successful "
        "and failed are kept until pruned.",
        "# TYPE helhed_tasks gauge",
    ]
    for status in TaskResultStatus.values:
        lines.append(f'helhed_tasks{{status="{status.lower()}"}} {by_status.get(status, 0)}')
    waited = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
    lines += [
        "# HELP helhed_tasks_oldest_ready_age_seconds How long the oldest task ready to run has waited (0: none).",
        "# TYPE helhed_tasks_oldest_ready_age_seconds gauge",
        f"helhed_tasks_oldest_ready_age_seconds {waited:.3f}",
        "# HELP helhed_periodic_task_last_success_age_seconds Seconds since the periodic task last finished "
        "successfully (absent until it has).",
        "# TYPE helhed_periodic_task_last_success_age_seconds gauge",
    ]
    for path, name in sorted(periodic.items(), key=lambda item: item[1]):
        finished = last_success.get(path)
        if finished is not None:
            age = max((now - finished).total_seconds(), 0.0)
            lines.append(f'helhed_periodic_task_last_success_age_seconds{{task="{_label(name)}"}} {age:.3f}')
    return lines


def exposition() -> str:
    return "\n".join(_request_lines() + _database_lines()) + "\n"


@lru_cache(maxsize=8)
def _networks(allowed: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in allowed)


def allowed(request) -> bool:
    """From an address in HELHED_METRICS_ALLOW (behind the proxy: the address it saw), or with the bearer token
    HELHED_METRICS_TOKEN."""
    import hmac

    from helhed.core.security import client_ip_address

    token = settings.HELHED_METRICS_TOKEN
    if token:
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(client_ip_address(request) or "")
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return any(address in network for network in _networks(tuple(settings.HELHED_METRICS_ALLOW)))
