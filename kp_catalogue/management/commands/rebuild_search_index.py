"""Rebuilds the catalogue's search data: every service's search document and its row in the
full-text index, and the case forms of every municipality's name.

Saving through the admin, the API and the imports keeps them in step; run this after writing
services in bulk by other means (SQL, a restored dump) or after changing how words are reduced
(``kp_catalogue/search/words.py``), e.g. after upgrading simplemma.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from kp_catalogue.caching import invalidate
from kp_catalogue.search.upkeep import rebuild


class Command(BaseCommand):
    help = "Rebuild the catalogue search index and the municipalities' name forms."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = rebuild()
        invalidate()
        self.stdout.write(f"Search index rebuilt: {count} services.")
