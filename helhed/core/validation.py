"""Checks for values that arrive in a request: numbers outside a range are treated as absent, searches are cleaned."""

# The largest integer every supported database stores in a bigint column.
MAX_ID = 2**63 - 1


def bounded_int(value, *, default: int, low: int, high: int) -> int:
    """`value` as an int in [low, high], or `default` when it is missing, not a number or out of range."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def search_text(value, max_length: int) -> str:
    """A search box's text: at most `max_length` characters, without control characters (they cannot be part of a
    name, and PostgreSQL refuses a NUL byte outright), stripped."""
    return "".join(ch for ch in str(value or "")[:max_length] if ch.isprintable()).strip()


def field_text(value, field: str, *, required: bool = False, max_length: int = 5000, empty_message=None) -> str:
    """A service's free-text field, stripped and stored verbatim (templates escape it): a ValidationError on `field`
    when it is required and empty, or longer than `max_length`."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: empty_message or _("This field is required.")})
    if len(value) > max_length:
        raise ValidationError({field: _("Write at most %(n)s characters.") % {"n": max_length}})
    return value
