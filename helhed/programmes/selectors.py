from helhed.core.models import Role, StaffMember


def job_brokers(municipality_id) -> list[StaffMember]:
    return list(StaffMember.objects.filter(municipality_id=municipality_id, roles__role=Role.JOB_BROKER)
                .select_related("user").order_by("user__last_name", "user__first_name"))
