"""Range checks for numbers that arrive in a request: a number outside the range is treated as absent."""

# The largest integer every supported database stores in a bigint column.
MAX_ID = 2**63 - 1


def bounded_int(value, *, default: int, low: int, high: int) -> int:
    """`value` as an int in [low, high], or `default` when it is missing, not a number or out of range."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default
