"""The restore drill (docs/operations.md): dump the database, restore it into a new one, and compare every table's
row count and a sample of rows. On PostgreSQL with pg_dump and pg_restore (custom format, as the runbook says); on
SQLite with the online backup API."""

import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.db import connection

from helhed.contact.services.journal import add_journal_note

pytestmark = pytest.mark.django_db(transaction=True)

PGBIN = Path("/usr/lib/postgresql/15/bin")
SAMPLED = ["citizens_citizen", "citizens_targetgroupperiod", "contact_journalnote", "audit_accesslogentry"]


def _rows(cursor, table: str, quote) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1 LIMIT 50")
    return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def _snapshot(cursor, tables, quote) -> dict:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return {"counts": counts, "samples": {table: _rows(cursor, table, quote) for table in SAMPLED}}


def _some_data(caseworker, make_citizen):
    for i in range(3):
        citizen = make_citizen(caseworker, cpr=f"0{i + 1}0190123{i}", first=f"Borger{i}")
        add_journal_note(staff=caseworker, citizen=citizen, text=f"Samtale {i}: Æ, Ø og Å bevares.")


def test_a_dump_restores_into_a_new_database_with_the_same_rows(caseworker, make_citizen, tmp_path):
    _some_data(caseworker, make_citizen)
    tables = connection.introspection.table_names()
    quote = connection.ops.quote_name
    connection.ensure_connection()
    raw = connection.connection.cursor()  # the driver's own cursor, as on the restored side (no Django converters)
    before = _snapshot(raw, tables, quote)
    raw.close()
    assert before["counts"]["citizens_citizen"] == 3

    if connection.vendor == "postgresql":
        after = _postgres_drill(tables, quote, tmp_path)
    else:
        after = _sqlite_drill(tables, quote, tmp_path)
    for table in SAMPLED:
        assert after['samples'][table] == before['samples'][table], table
    assert after == before


def _postgres_drill(tables, quote, tmp_path) -> dict:
    if not (PGBIN / "pg_dump").exists():
        pytest.skip("pg_dump is not installed")
    import psycopg

    settings = connection.settings_dict
    common = ["-h", settings["HOST"], "-p", str(settings["PORT"]), "-U", settings["USER"]]
    dump = tmp_path / "helhed.dump"
    subprocess.run([PGBIN / "pg_dump", *common, "-Fc", "-f", dump, settings["NAME"]], check=True)
    drill = f"drill_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"], dbname="postgres",
                            autocommit=True)
    admin.execute(f'CREATE DATABASE "{drill}"')
    try:
        subprocess.run([PGBIN / "pg_restore", *common, "-d", drill, "--exit-on-error", dump], check=True)
        with psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                             dbname=drill) as restored, restored.cursor() as cursor:
            return _snapshot(cursor, tables, quote)
    finally:
        admin.execute(f'DROP DATABASE "{drill}"')
        admin.close()


def _sqlite_drill(tables, quote, tmp_path) -> dict:
    copy = tmp_path / "helhed-backup.sqlite3"
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    # Read it as Django's connection reads (its registered converters for booleans and dates).
    restored = sqlite3.connect(copy, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    try:
        return _snapshot(restored.cursor(), tables, quote)
    finally:
        restored.close()
