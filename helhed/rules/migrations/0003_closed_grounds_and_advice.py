import datetime

from django.db import migrations, models

# The conversation and offer rules a § 106 exemption may cover (an old blank rule meant "every rule").
EXEMPTABLE = ["first_jobsamtale", "first_in_person", "kontaktforloeb", "ret_og_pligt_102", "ret_og_pligt_105",
              "ressourceforloeb_effort"]


def to_closed_list(apps, schema_editor):
    """Old exemptions keep what they were decided for, on the ground "unlisted" (to be reviewed); one without an
    end gets six weeks, the longest of § 106."""
    Exemption = apps.get_model("helhed_rules", "ObligationExemption")
    for exemption in Exemption.objects.all():
        exemption.covers = [exemption.rule_id] if exemption.rule_id else EXEMPTABLE
        exemption.ground = "unlisted"
        if exemption.valid_to is None:
            exemption.valid_to = exemption.valid_from + datetime.timedelta(days=41)
        exemption.save(update_fields=["covers", "ground", "valid_to"])


class Migration(migrations.Migration):
    dependencies = [("helhed_rules", "0002_exemption_as_citizen_period")]

    operations = [
        migrations.AddField("obligationrecord", "advice_due", models.DateField(null=True)),
        migrations.AddField("obligationexemption", "ground",
                            models.CharField(default="unlisted", max_length=20, verbose_name="ground"),
                            preserve_default=False),
        migrations.AddField("obligationexemption", "covers",
                            models.JSONField(default=list, verbose_name="exempt from")),
        migrations.RunPython(to_closed_list, migrations.RunPython.noop),
        migrations.RemoveField("obligationexemption", "rule_id"),
    ]
