from django.db import migrations

from helhed.core.append_only import no_update_trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_retention_record")]
    operations = [no_update_trigger("audit_retentionrecord")]
