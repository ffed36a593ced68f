from django.core.management.base import BaseCommand
from django.utils import translation

from helhed.core.models import Role, StaffMember
from helhed.demo.generator import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def handle(self, *args, **options):
        with translation.override("en"):
            self._print_logins()

    def _print_logins(self):
        staff = {
            s.user.username: s
            for s in StaffMember.objects.select_related("user", "unit").filter(user__username__in=DEMO_LOGINS.values())
        }
        self.stdout.write(f"Helhed on http://localhost:8000 — demo logins (password: {DEMO_PASSWORD}):")
        for role, username in DEMO_LOGINS.items():
            if username in staff:
                self.stdout.write(f"  {Role(role).label:<24} {username:<14} {staff[username].full_name}, {staff[username].unit}")
        self.stdout.write("  Citizen (borger)         http://localhost:8000/borger/ → \"Log ind med MitID\" → the development identity")
        self.stdout.write("                           provider's page of demo citizens (a test provider, not MitID)")
