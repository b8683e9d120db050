"""The dashboard's two shops with their orders (``world``) and the order status pipelines,
for the walks and regression tests of this folder."""

from tests.dashboard.conftest import status_pipelines, world  # noqa: F401
