"""One way to turn an HTML template into a PDF response (WeasyPrint), for the plan and the insight export."""

from django.http import HttpResponse
from django.template.loader import render_to_string


def pdf_response(request, template: str, context: dict, *, filename: str, attachment: bool = False) -> HttpResponse:
    """Render `template` with `context` and send it as a PDF. Images and styles resolve against the site root."""
    from weasyprint import HTML  # WeasyPrint loads Pango on import: pay for it only when a PDF is asked for

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    return response
