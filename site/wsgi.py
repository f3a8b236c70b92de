"""WSGI entry point: `gunicorn kpsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from kp_catalogue.search.words import load_dictionary

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kpsite.settings.production")

application = get_wsgi_application()
# Each worker loads the search's Czech dictionary before its first request, not during one.
load_dictionary()
