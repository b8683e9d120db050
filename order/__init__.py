default_app_config = "order.apps.OrderConfig"
