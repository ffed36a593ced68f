from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "helhed.offers"
    label = "offers"

    def ready(self):
        from helhed.offers import extensions  # noqa: F401  (facts, sections, personal data, page titles)
