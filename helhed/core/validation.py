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
