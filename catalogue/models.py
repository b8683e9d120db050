"""Oscar's catalogue, forked so that later issues can add the fields UMKM goods need."""

from oscar.apps.catalogue.models import *  # noqa: F401,F403
