"""Append-only models: rows are inserted, never updated or deleted through the application.

Migrations of such models also add a database trigger that rejects UPDATE (see trigger_sql),
so that the guarantee holds for raw SQL too.
"""

from django.db import models


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


def no_update_trigger(table: str):
    """A RunPython operation that installs an UPDATE-rejecting trigger on SQLite or PostgreSQL."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
            )
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE FUNCTION {table}_no_update() RETURNS trigger AS $$ "
                f"BEGIN RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_no_update();"
            )

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update" + (f" ON {table}" if vendor == "postgresql" else ""))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_no_update()")

    return migrations.RunPython(forwards, backwards)


def drop_no_update_trigger(table: str):
    """A RunPython operation that removes the trigger (to rewrite rows once in a data migration); reinstall it
    with `no_update_trigger` afterwards."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update" + (f" ON {table}" if vendor == "postgresql" else ""))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_no_update()")

    return migrations.RunPython(forwards, migrations.RunPython.noop)
