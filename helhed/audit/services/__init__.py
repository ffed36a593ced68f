"""Writes in audit: access on a stated reason and its review, and retention."""
