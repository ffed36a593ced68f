from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "helhed.plans"
    label = "plans"

    def ready(self):
        from helhed.plans.facts import plans_for
        from helhed.rules.facts import register_provider

        register_provider("plans", plans_for)
