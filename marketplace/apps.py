from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Kampung Mall"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
