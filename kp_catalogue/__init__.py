"""The catalogue of social services: providers keep their entries, editors approve them, the
public finds them on the site and through the APIs. The layout is in docs/architecture.md."""
