"""CPR numbers (personnummer).

python-stdnum checks length, digits, a real birth date and that the person is
born. It deliberately does not enforce the modulus-11 check: since 2007 CPR
numbers are issued that fail it, so a failing check digit is no reason to
reject a number. We add one rule: the century digit must give a birth year in
1900 or later (nobody on benefit was born in the 1800s).
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalise_cpr(value: str) -> str:
    """Return the 10-digit form of a CPR number or raise ValidationError with a message for the user."""
    number = stdnum_cpr.compact(value or "")
    try:
        number = stdnum_cpr.validate(number)
    except InvalidLength:
        raise ValidationError(_("A CPR number has 10 digits, e.g. 010190-1234."), code="cpr_length")
    except InvalidFormat:
        raise ValidationError(_("A CPR number may contain only digits and a hyphen."), code="cpr_format")
    except InvalidComponent:
        raise ValidationError(
            _("The first six digits are not a valid birth date (DDMMYY), or the date is in the future."),
            code="cpr_date",
        )
    except StdnumError:
        raise ValidationError(_("This is not a valid CPR number."), code="cpr_invalid")
    if stdnum_cpr.get_birth_date(number) < datetime.date(1900, 1, 1):
        raise ValidationError(
            _("The seventh digit (century) and the year give a birth date before 1900."), code="cpr_century"
        )
    return number


def birth_date(number: str) -> datetime.date:
    return stdnum_cpr.get_birth_date(number)


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Whole years of age on `day`. Born 29 February: a year older on 1 March when the year has no 29 February."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def passes_modulus_11(number: str) -> bool:
    return stdnum_cpr.checksum(number) == 0


def format_cpr(number: str) -> str:
    return stdnum_cpr.format(number)
