

def child_page(parent, page_class, slug, **fields):
    """Return the live child of ``parent`` with ``slug``; create and publish it if missing.

    An existing page is left untouched, so editors' changes to demo content survive a rerun.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
