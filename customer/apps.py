import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    """Oscar's buyer account pages; ``views.py`` holds what differs."""

    name = "customer"
