"""Signals coordination sends, so that apps above it can react without coordination importing them."""

from django.dispatch import Signal

# Sent (with `membership=`) after someone joins a citizen's team: the apps above hand them what they need.
team_member_added = Signal()
