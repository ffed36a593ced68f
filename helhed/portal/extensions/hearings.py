"""Registrations for the portal area: hearings."""
