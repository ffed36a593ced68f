"""Write the API's OpenAPI document, as `/api/v1/openapi.json` serves it, to docs/api/openapi.json (`make openapi`).

The file is the published contract: sorted keys, two-space indent, UTF-8, one newline at the end, so that a change
of the API shows as a readable diff. `--check` changes nothing and exits 1 when the file differs from the document
(tests/test_openapi.py checks the same)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"


def openapi_text() -> str:
    """The served document as stable text. It is served in Danish (DanishFirstLocaleMiddleware), so it is written
    in Danish."""
    from helhed.api.v1 import api

    with translation.override(settings.LANGUAGE_CODE):
        schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI document to docs/api/openapi.json (--check: exit 1 if the file differs)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Change nothing; exit 1 when the file is stale")
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH)

    def handle(self, *args, check=False, output=DEFAULT_PATH, **options):
        text = openapi_text()
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if check:
            if current != text:
                raise CommandError(f"{output} differs from the served document: run "
                                   ".venv/bin/python manage.py export_openapi")
            self.stdout.write(f"{output} is up to date.")
            return
        if current == text:
            self.stdout.write(f"{output} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}."))
