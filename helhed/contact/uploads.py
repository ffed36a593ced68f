"""Checks for uploaded documents: size, and the real content type read from the file's first bytes.

The name and the browser's Content-Type are not trusted. HTML, SVG and XML are refused outright, because a
browser could run script in them; every stored document is served as a download, never inline.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]
OFFICE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
MARKUP = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")


def check_upload(uploaded) -> tuple[str, str]:
    """Return (content type, extension) for an acceptable file, or raise ValidationError with a clear message."""
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": round(uploaded.size / 1024 / 1024, 1), "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    uploaded.seek(0)
    head = uploaded.read(2048)
    uploaded.seek(0)
    if any(marker in head.lower() for marker in MARKUP):
        raise ValidationError(_("HTML, SVG and XML files cannot be uploaded. Save the document as PDF instead."))
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if head.startswith(b"PK\x03\x04") and extension in OFFICE_TYPES:
        return OFFICE_TYPES[extension], extension
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text/plain", "txt"
    raise ValidationError(_("This kind of file cannot be uploaded. Use PDF, PNG, JPEG, Word, ODT, Excel or plain text."))
