"""Every row with citizen data carries the municipality: plan steps, versions, signatures and scores too.
Plan versions are append-only: the trigger is lifted for the one fill and put back."""

import django.db.models.deletion
from django.db import migrations, models

from helhed.core.append_only import drop_no_update_trigger, no_update_trigger

FILL = {
    "plans_planstep": "SELECT p.municipality_id FROM plans_plan p WHERE p.id = plans_planstep.plan_id",
    "plans_planversion": "SELECT p.municipality_id FROM plans_plan p WHERE p.id = plans_planversion.plan_id",
    "plans_plansignature": "SELECT v.municipality_id FROM plans_planversion v WHERE v.id = plans_plansignature.version_id",
    "plans_score": "SELECT s.municipality_id FROM plans_scoring s WHERE s.id = plans_score.scoring_id",
}


def fill(apps, schema_editor):
    for table, select in FILL.items():
        schema_editor.execute(f"UPDATE {table} SET municipality_id = ({select})")


def key(null):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                             to="core.municipality")


MODELS = ["planstep", "planversion", "plansignature", "score"]


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_job_broker_actor"), ("core", "0001_initial")]

    operations = [
        *[migrations.AddField(model, "municipality", key(True)) for model in MODELS],
        drop_no_update_trigger("plans_planversion"),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *[migrations.AlterField(model, "municipality", key(False)) for model in MODELS],
        no_update_trigger("plans_planversion"),
    ]
