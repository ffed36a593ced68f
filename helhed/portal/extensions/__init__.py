"""The portal's registrations, one module per area (staff see what citizens send through these)."""

from helhed.portal.extensions import appointments, base, hearings, messages, plan  # noqa: F401
