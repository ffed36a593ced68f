from django.db import migrations

from helhed.core.append_only import no_update_trigger


def install(apps, schema_editor):
    from helhed.plans.instruments import install as install_instrument

    install_instrument(apps.get_model("plans", "Instrument"), apps.get_model("plans", "InstrumentItem"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [
        migrations.RunPython(install, migrations.RunPython.noop),
        no_update_trigger("plans_planversion"),
    ]
