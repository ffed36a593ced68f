"""Registrations for the portal as a whole: personal data of its own rows, page titles."""

from helhed.citizens.personal_data import DELETE, PersonalData, declare
from helhed.portal.models import PortalEvent

declare(PersonalData(PortalEvent, "citizen", DELETE, order=900))
