import os
from pathlib import Path

from django.db import connection

PO_FILE = Path(__file__).resolve().parents[3] / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_database_engine_is_the_one_asked_for(db):
    """`make test` runs the suite twice; this shows which engine each run really used."""
    expected = "postgresql" if os.environ.get("HELHED_DB") == "postgres" else "sqlite"
    assert connection.vendor == expected


def _po_entries():
    entries, current = [], {}
    for line in PO_FILE.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append(current)
            current = {}
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith(("msgid ", "msgstr", "msgid_plural")):
            key, _, value = line.partition(" ")
            current[key] = value.strip('"')
            current["_last"] = key
        elif line.startswith('"') and "_last" in current:
            current[current["_last"]] += line.strip('"')
    return [e for e in entries if e.get("msgid")]


def test_danish_catalogue_translates_every_ui_string():
    entries = _po_entries()
    assert len(entries) > 150
    untranslated = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("flags", "")]
    assert untranslated == [] and fuzzy == []


def test_pages_are_danish_by_default_and_english_on_request(client, caseworker):
    client.force_login(caseworker.user)
    assert "Mine borgere" in client.get("/borgere/").content.decode()
    client.post("/sprog/", {"language": "en", "next": "/borgere/"})
    assert "My citizens" in client.get("/borgere/").content.decode()


def test_an_english_browser_still_gets_danish_until_the_user_chooses(client, caseworker):
    client.force_login(caseworker.user)
    assert "Mine borgere" in client.get("/borgere/", HTTP_ACCEPT_LANGUAGE="en-GB,en").content.decode()
