from django.db import models


class Citizen(models.Model):
    """Helhed's citizen table, read only."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)

    class Meta:
        managed = False
        db_table = "citizens_citizen"
