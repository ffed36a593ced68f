"""Registrations for the portal area: messages."""
