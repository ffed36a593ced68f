from helhed.core.sessions import is_citizen_path
from helhed.portal.session import easy_read


def portal(request):
    """The portal's pages know the signed-in citizen and the easy-read choice; other pages get nothing."""
    if not is_citizen_path(request.path):
        return {}
    match = request.resolver_match
    return {"portal_citizen": getattr(request, "citizen", None), "portal_easy": easy_read(request),
            "portal_is_front": bool(match and match.url_name == "front")}
