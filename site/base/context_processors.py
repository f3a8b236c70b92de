FONT_SIZES = ("small", "normal", "large")
FONT_SIZE_COOKIE = "kp_font_size"


def current_font_size(request):
    size = request.COOKIES.get(FONT_SIZE_COOKIE, "normal")
    return size if size in FONT_SIZES else "normal"


def font_size(request):
    """The reader's chosen text size (A− A A+), kept in a cookie so it survives page loads
    and works without JavaScript."""
    return {"font_size": current_font_size(request), "font_sizes": FONT_SIZES}
