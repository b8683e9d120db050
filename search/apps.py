import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, with views over the project's own search backends instead of
    django-haystack (whose Elasticsearch backend cannot live beside elasticsearch 8), and
    the maintained listing they read (``search.models``)."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401

    def get_urls(self):
        from django.urls import path

        from .views import SuggestView

        return [
            path("suggest/", SuggestView.as_view(), name="suggest"),
            *super().get_urls(),
        ]
