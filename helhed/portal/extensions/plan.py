"""Registrations for the portal area: plan."""
