"""Writing many rows at once without model instances: `executemany` on SQLite, `COPY` on PostgreSQL (psycopg's
`executemany` sends the rows one statement at a time). Used where building instances cost more than the SQL:
the demo generator and the nightly rules scan (bench/README.md). No ids come back, so only for rows nothing else
points at in the same batch."""

from django.db import connection
from django.db.models import DateField, DateTimeField, JSONField, UUIDField


def _remembered(adapt):
    """Dates repeat across rows (a scan's day, its time, a few due dates): adapt each value once."""
    cache = {}

    def adapted(value):
        try:
            return cache[value]
        except KeyError:
            cache[value] = result = adapt(value)
            return result

    return adapted


def _adapter(field):
    """How a value goes to the database, or None when it goes as it is."""
    ops = connection.ops
    if isinstance(field, DateTimeField):
        return _remembered(ops.adapt_datetimefield_value)
    if isinstance(field, DateField):
        return _remembered(ops.adapt_datefield_value)
    if isinstance(field, (JSONField, UUIDField)):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(model, rows, columns: list[str] | None = None) -> None:
    """INSERT `rows` into `model`'s table. Rows are model instances (their values as saving would give them,
    auto_now_add included), dicts of attnames (fields left out get their default), or tuples in the order of
    `columns` (attnames)."""
    rows = list(rows)
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    if columns is not None:
        by_attname = {f.attname: f for f in fields}
        fields = [by_attname[c] for c in columns]
    elif isinstance(rows[0], dict):
        defaults = {f.attname: f.get_default() for f in fields}
        rows = [tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows]
    else:
        rows = [tuple(f.pre_save(obj, True) for f in fields) for obj in rows]
    adapters = [_adapter(f) for f in fields]
    if any(adapters):  # column by column: one map per column is cheaper than a generator per row
        columns_of_values = [list(map(a, col)) if a else col for a, col in zip(adapters, zip(*rows))]
        rows = list(zip(*columns_of_values))
    ops = connection.ops
    table, names = ops.quote_name(model._meta.db_table), ", ".join(ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})", rows)
