from core.preview import preview_instant


def preview_at(request):
    """The date a team member is previewing the site at, for the banner in base.html."""
    return {"preview_at": preview_instant(request)}
