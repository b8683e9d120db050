import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    name = "catalogue"

    def ready(self):
        super().ready()
        # Oscar's analytics counts every product view with an UPDATE of one row per product
        # (and a row per signed-in view): a write on the busiest read, all visitors of a
        # popular product queueing on one row lock. Product views are not counted.
        from oscar.apps.analytics.receivers import receive_product_view
        from oscar.apps.catalogue.signals import product_viewed

        from . import receivers  # noqa: F401 - connects the signal receivers

        product_viewed.disconnect(receive_product_view)
