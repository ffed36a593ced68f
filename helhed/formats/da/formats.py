"""Danish named formats (see helhed/formats/__init__.py). Django's own Danish formats give the rest:
SHORT_DATE_FORMAT "d.m.Y", DATE_FORMAT "j. F Y", TIME_FORMAT "H:i", MONTH_DAY_FORMAT "j. F"."""

WEEKDAY_DATE_FORMAT = "l j. F"  # tirsdag 15. december
WEEKDAY_DATE_SHORT_FORMAT = "D. j.n."  # tir. 15.12.
WEEKDAY_DATETIME_FORMAT = r"l j. F \k\l. H:i"  # tirsdag 15. december kl. 14:30
WEEKDAY_DATETIME_YEAR_FORMAT = r"l j. F Y \k\l. H:i"  # tirsdag 15. december 2026 kl. 14:30
WEEKDAY_DATETIME_SHORT_FORMAT = r"D. j. N \k\l. H:i"  # tir. 15. dec. kl. 14:30
DAY_MONTH_TIME_SHORT_FORMAT = r"j. N \k\l. H:i"  # 15. dec. kl. 14:30
