from django.db import migrations

from helhed.core.append_only import no_update_trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [no_update_trigger("audit_accesslogentry"), no_update_trigger("audit_retentionrecord")]
