"""Coverage: the catalogue's supply against the need of each municipality and target group
(``compute``), its map (``outlines``), exports (``exports``), page type and API."""
