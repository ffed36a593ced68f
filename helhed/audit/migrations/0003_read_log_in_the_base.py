"""The read log moves to `citizens`: state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers"), ("citizens", "0003_read_log_in_the_base")]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("AccessLogEntry")])]
