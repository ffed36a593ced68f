"""What insight registers with the extension points of the apps below it: the menu item and the title of the one page
that writes the read log (the drill-down to citizens not seen)."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.pages import register_page_title
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role

register_menu_item(MenuItem("insight:overview", _("Leader's overview"), order=7,
                            roles=frozenset({Role.TEAM_LEADER, Role.DATA_PROTECTION})))
register_page_title("insight:parked", _("Citizens not seen"))
