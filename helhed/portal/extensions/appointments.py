"""Registrations for the portal area: appointments."""
