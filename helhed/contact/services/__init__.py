"""Writes in contact: journal notes and documents, appointments and conversations, reminders, calendar feeds."""
