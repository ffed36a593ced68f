#!/usr/bin/env bash
# Serve Helhed with its background work: the web server, one task worker (django-tasks-db) and the scheduler that
# enqueues reminders every minute and the rules scan at night. Stopping the server (Ctrl+C) stops all three.
set -euo pipefail
PY=${PY:-.venv/bin/python}
ADDRESS=${1:-0.0.0.0:8000}
"$PY" manage.py db_worker --no-reload --no-startup-delay --interval 5 -v 0 &
worker=$!
"$PY" manage.py schedule_tasks &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "$ADDRESS"
