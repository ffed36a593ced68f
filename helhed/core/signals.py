"""Signals core sends for the apps above it (core imports no app)."""

from django.dispatch import Signal

# Sent with `municipality` after the administrator changed the municipality's settings (e.g. its takeover day).
municipality_settings_changed = Signal()
