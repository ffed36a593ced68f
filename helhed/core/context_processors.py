from helhed.core.menu import menu_for


def menu(request):
    staff = getattr(request, "staff", None)
    return {"menu_items": menu_for(staff) if staff else []}
