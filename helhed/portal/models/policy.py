from django.db import models
from django.utils.translation import gettext_lazy as _

from helhed.core.models import Municipality

# The change reason on every history row a citizen's own action writes.
PORTAL_CHANGE_REASON = "portal"


class PortalPolicy(models.Model):
    """The kommune's choices for its portal. Without a row, the defaults apply (no staff names in "who has looked")."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="portal_policy")
    show_staff_names = models.BooleanField(
        _("show staff names in “who has looked at my case”"), default=False,
        help_text=_("Off: the citizen sees the role, the time and the reason. On: also the staff member's name."))

    class Meta:
        verbose_name = _("portal policy")
