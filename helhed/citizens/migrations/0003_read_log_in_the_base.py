"""The read log moves from `audit` to `citizens` (the base layer): state only, the table keeps its name."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0002_citizen_reminders"),
        ("audit", "0002_append_only_triggers"),
        ("core", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.CreateModel(
                    name='AccessLogEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                        ('role', models.CharField(blank=True, help_text='The role the user acted in.', max_length=32, verbose_name='role')),
                        ('page', models.CharField(max_length=100, verbose_name='page')),
                        ('path', models.CharField(max_length=300)),
                        ('reason', models.CharField(help_text='Why the user may see the citizen, e.g. responsible caseworker.', max_length=100, verbose_name='reason')),
                        ('citizen', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_log', to='citizens.citizen')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='core.municipality')),
                        ('staff', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.staffmember')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'access-log entry',
                        'verbose_name_plural': 'access log',
                        'ordering': ['-at'],
                        'db_table': 'audit_accesslogentry',
                        'indexes': [models.Index(fields=['citizen', '-at'], name='audit_acces_citizen_5d6e1f_idx'), models.Index(fields=['user', '-at'], name='audit_acces_user_id_53be19_idx')],
                    },
                ),
            ],
        ),
    ]
