"""The composition app's menu items: the start page for roles whose work is not a list of citizens, and the
worklist for the roles that some worklist source serves."""

from django.utils.translation import gettext_lazy as _

from helhed.citizens.worklist import all_sources
from helhed.core.menu import MenuItem, register_menu_item
from helhed.core.models import Role

register_menu_item(MenuItem("casefile:start", _("Start"), order=5,
                            roles=frozenset({Role.TEAM_LEADER, Role.DATA_PROTECTION, Role.ADMIN})))
register_menu_item(MenuItem("casefile:worklist", _("What must happen"), order=30,
                            roles=frozenset().union(*(source.roles for source in all_sources()))))
