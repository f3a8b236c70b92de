"""The catalogue's APIs: the read API and the providers' write API on Wagtail's NinjaAPI, the
HSDS 3.1 routes and the open-data bundle."""
