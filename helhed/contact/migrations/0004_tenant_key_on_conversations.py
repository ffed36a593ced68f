"""Every row with citizen data carries the municipality: conversation records and agreed items too."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    schema_editor.execute(
        "UPDATE contact_conversationrecord SET municipality_id = (SELECT a.municipality_id FROM contact_appointment a "
        "WHERE a.id = contact_conversationrecord.appointment_id)"
    )
    schema_editor.execute(
        "UPDATE contact_agreeditem SET municipality_id = (SELECT r.municipality_id FROM contact_conversationrecord r "
        "WHERE r.id = contact_agreeditem.record_id)"
    )


def key(null):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="core.municipality")


class Migration(migrations.Migration):
    dependencies = [("contact", "0003_appointments_reminders_feeds"), ("core", "0001_initial")]

    operations = [
        migrations.AddField("conversationrecord", "municipality", key(True)),
        migrations.AddField("agreeditem", "municipality", key(True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("conversationrecord", "municipality", key(False)),
        migrations.AlterField("agreeditem", "municipality", key(False)),
    ]
