from django import template

from showroom.access import space_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def client_space_url(context):
    """URL of the logged-in customer's space, or "": one query, for logged-in visitors only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    space = space_for_user(user)
    return space.get_url(request) if space else ""
