"""English named formats (see helhed/formats/__init__.py), in the month-first order of Django's English
DATE_FORMAT ("N j, Y") and SHORT_DATE_FORMAT ("m/d/Y"), with 24-hour times as everywhere in Helhed."""

WEEKDAY_DATE_FORMAT = "l, F j"  # Tuesday, December 15
WEEKDAY_DATE_SHORT_FORMAT = "D n/j"  # Tue 12/15
WEEKDAY_DATETIME_FORMAT = "l, F j, H:i"  # Tuesday, December 15, 14:30
WEEKDAY_DATETIME_YEAR_FORMAT = "l, F j, Y, H:i"  # Tuesday, December 15, 2026, 14:30
WEEKDAY_DATETIME_SHORT_FORMAT = "D, M j, H:i"  # Tue, Dec 15, 14:30
DAY_MONTH_TIME_SHORT_FORMAT = "M j, H:i"  # Dec 15, 14:30
