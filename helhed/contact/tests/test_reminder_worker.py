"""A reminder is sent once when the task worker is killed mid-run and started again.

Real processes: `manage.py db_worker` (django-tasks-db) on a SQLite file. The first worker delivers the reminder and
is killed (SIGKILL) before it can mark it sent; the second worker, started after the lease ran out, takes the
reminder over and delivers it again with the same key, which the outbox turns into nothing new.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="runs its own processes against a SQLite file")
ROOT = Path(__file__).resolve().parents[3]


def _env(tmp_path, **extra):
    return {**os.environ, "HELHED_SQLITE_PATH": str(tmp_path / "worker.sqlite3"), "HELHED_DEBUG": "0",
            "HELHED_REMINDER_LEASE_SECONDS": "2", "HELHED_DB": "sqlite", **extra}


def _manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True, timeout=300).stdout


def _call(env, function):
    return _manage(env, "shell", "-v", "0", "-c", f"from helhed.contact.tests import worker_scenario; worker_scenario.{function}()")


def test_a_reminder_is_sent_once_when_the_worker_is_killed_and_restarted(tmp_path):
    env = _env(tmp_path)
    _manage(env, "migrate", "-v", "0")
    _call(env, "setup")
    delivered = tmp_path / "delivered"
    stalling = _env(tmp_path, HELHED_MESSAGE_BACKEND="helhed.contact.tests.worker_scenario.StallingBackend",
                    HELHED_TEST_DELIVERED=str(delivered))
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT, env=stalling, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not delivered.exists():
            assert time.monotonic() < deadline, "the first worker never delivered"
            assert worker.poll() is None, "the first worker stopped by itself"
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    killed = json.loads(_call(env, "report"))
    assert killed == {"status": "sending", "attempts": 1, "outbox": 1, "messages": 1}

    time.sleep(2.5)  # the killed worker's lease runs out
    _call(env, "enqueue")
    _manage(env, "db_worker", "--no-reload", "--no-startup-delay", "--batch")
    after = json.loads(_call(env, "report"))
    assert after == {"status": "sent", "attempts": 2, "outbox": 1, "messages": 1}
