from django.core.management.base import BaseCommand

from helhed.rules.doc_table import markdown_table


class Command(BaseCommand):
    help = "Print the table of rules (paragraph, version, confirmed, source, since) for docs/rules.md."

    def handle(self, *args, **options):
        self.stdout.write(markdown_table())
