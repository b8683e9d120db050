"""The sellers' back office in the Wagtail admin (/cms/sellers/): applications (village
operators vouch for their villages' applicants, district staff approve or reject) and
sellers (district staff suspend and reinstate).

Registered from ``sellers/wagtail_hooks.py``; objects are loaded only through the scoped
querysets of ``permissions``, as in ``registry.backoffice``.
"""
