import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, with views over the project's own search backend instead of
    django-haystack (whose Elasticsearch backend cannot live beside elasticsearch 8)."""

    name = "search"
