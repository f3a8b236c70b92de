"""The public catalogue: the page type editors place in the tree, its filters, the map data
and the printed brochure."""
