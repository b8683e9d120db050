"""The registry's back office in the Wagtail admin (/cms/): residents, households, the NIK
access log and the resident import, each scoped to the villages the user keeps.

Registered from ``registry/wagtail_hooks.py``. Not called ``admin``: Django's admin would
autodiscover a ``registry.admin`` module.
"""
