"""Oscar's partner app, forked for the marketplace's purchase strategy (``strategy.py``)."""

from oscar.apps.partner.models import *  # noqa: F401,F403
