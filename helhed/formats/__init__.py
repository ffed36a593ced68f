"""Helhed's own named date formats, per language (settings.FORMAT_MODULE_PATH).

Django looks a format name up here first and then in its own locale formats, so only names Helhed adds (and none
of Django's) are defined here. Every name must be defined for every language in settings.LANGUAGES: a name no
module defines is used as the format string itself.

Use them by name, never as literal format strings, so that each language gets its own order and punctuation:
``{{ a.starts_at|date:"WEEKDAY_DATETIME_SHORT_FORMAT" }}`` or ``date_format(start, "WEEKDAY_DATE_FORMAT")``.
Month and day names (``D``, ``l``, ``N``, ``F``) are translated by Django. Do not use ``M`` in a format: Django
capitalises it ("Dec" in Danish too); Danish uses ``N`` ("dec.", "maj", "sept.").

Times are 24-hour ``H:i`` in both languages, as in Django's Danish TIME_FORMAT and SHORT_DATETIME_FORMAT and in
the forms' time input; Dansk Sprognævn accepts the colon as well as the full stop ("kl. 14:30", "kl. 14.30").
"""
