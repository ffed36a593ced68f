import pytest
from django.core.exceptions import ValidationError

from helhed.citizens.cpr import normalise_cpr, passes_modulus_11


def test_valid_cpr_with_hyphen_is_normalised():
    assert normalise_cpr("211062-3629") == "2110623629"


def test_cpr_failing_modulus_11_is_accepted_because_numbers_since_2007_may():
    number = "0101901235"
    assert not passes_modulus_11(number)
    assert normalise_cpr(number) == number


@pytest.mark.parametrize(
    "value, code",
    [
        ("12345", "cpr_length"),
        ("01019O1234", "cpr_format"),
        ("3202901234", "cpr_date"),     # 32 February
        ("2902011234", "cpr_date"),     # 29 February 1901 did not exist (century digit 1 → 1900s)
        ("0101305234", "cpr_date"),     # century digit 5 with year 30 → 2030, not born yet
        ("0101605234", "cpr_century"),  # century digit 5 with year 60 → 1860
    ],
)
def test_invalid_cpr_is_rejected_with_a_clear_code(value, code):
    with pytest.raises(ValidationError) as error:
        normalise_cpr(value)
    assert error.value.code == code


def test_age_turns_on_the_birthday():
    import datetime

    from helhed.citizens.cpr import age_on

    born = datetime.date(1995, 3, 15)
    assert age_on(born, datetime.date(2025, 3, 14)) == 29
    assert age_on(born, datetime.date(2025, 3, 15)) == 30


def test_someone_born_on_29_february_is_a_year_older_on_1_march_in_other_years():
    import datetime

    from helhed.citizens.cpr import age_on

    born = datetime.date(1996, 2, 29)
    assert age_on(born, datetime.date(2026, 2, 28)) == 29
    assert age_on(born, datetime.date(2026, 3, 1)) == 30
    assert age_on(born, datetime.date(2024, 2, 29)) == 28
