"""Checks for uploaded documents: size, and a content type decided positively from the whole file.

Neither the name nor the browser's Content-Type is trusted. A file is accepted only when its bytes are one of the
types in TYPES and its structure checks out:

- PDF: starts with `%PDF-`, has `%%EOF` in its last 1,024 bytes, and holds no HTML or SVG tag anywhere;
- PNG, JPEG, GIF, WebP: decoded with Pillow (at most MAX_IMAGE_PIXELS), and no HTML or SVG tag anywhere;
- Word, Excel, PowerPoint (docx, xlsx, pptx): a ZIP whose `[Content_Types].xml` names the main part of that type
  (so not the macro-enabled variants), with that part present and every member's checksum right;
- OpenDocument text and spreadsheet (odt, ods): a ZIP whose `mimetype` member names the type, with `content.xml`;
- Word and Excel 97-2003 (doc, xls): an OLE2 compound file with a WordDocument or Workbook stream and no macros;
- plain text: the whole file valid UTF-8, with no NUL byte and no markup: no `<` followed by a letter, `!`, `/`
  or `?` anywhere, so that no browser can take it for HTML, SVG or XML.

The stored extension and content type come from the detected type, never from the user's file name. Every
document is served as a download under the extension of its detected type (download_type, download_name).
"""

import io
import re
import threading
import warnings
import zipfile
from contextlib import contextmanager
from xml.etree import ElementTree

import olefile
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageFile

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
# A ZIP is decompressed in full to check it; these bound the work a small file can ask for.
MAX_UNZIPPED_BYTES = 512 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

# The only types a document is stored and served as: extension -> content type.
TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain; charset=utf-8",
}
# A stored row whose extension is not in TYPES (it cannot happen through check_upload) is served as this.
FALLBACK_TYPE = ("bin", "application/octet-stream")
# Names the types in the "could not be read as ..." message.
LABELS = {
    "pdf": "PDF", "png": "PNG", "jpg": "JPEG", "gif": "GIF", "webp": "WebP", "zip": "Word/Excel/PowerPoint/ODF",
    "ole": "Word/Excel 97-2003",
}

IMAGE_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "PNG", "png"),
    (b"\xff\xd8\xff", "JPEG", "jpg"),
    (b"GIF87a", "GIF", "gif"),
    (b"GIF89a", "GIF", "gif"),
]
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# Markup in a plain text file: what an HTML or XML parser would read as the start of a tag, comment,
# doctype or processing instruction.
TEXT_MARKUP = re.compile(rb"<[A-Za-z!/?]")
# HTML or SVG inside a PDF or an image (a polyglot). A tag name counts only followed by what ends a tag name in
# HTML (white space, "/" or ">"), so that compressed binary data does not match by chance.
BINARY_MARKUP = re.compile(
    rb"<(?:html|head|body|script|svg|iframe|img|object|embed|meta|style)[\t\n\f\r />]|<!doctype", re.IGNORECASE
)
# C0 control characters that plain text does not contain (tab, line feeds, carriage return and an old DOS end-of-file
# mark do).
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f]")


def _markup_refused():
    return ValidationError(_("HTML, SVG and XML files cannot be uploaded. Save the document as PDF instead."))


def _unknown_type():
    return ValidationError(_(
        "This kind of file cannot be uploaded. Use PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, ODT, ODS "
        "or plain text (UTF-8)."
    ))


def _damaged(kind):
    return ValidationError(
        _("The file could not be read as %(type)s. It may be damaged or incomplete: save it again and try once "
          "more, or save it as PDF.") % {"type": LABELS[kind]}
    )


def _macros_refused():
    return ValidationError(_("Documents with macros cannot be uploaded. Save the document without macros, or as PDF."))


def _password_refused():
    return ValidationError(
        _("Password-protected documents cannot be uploaded. Remove the password, or save the document as PDF.")
    )


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
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    uploaded.seek(0)
    if not data:
        raise ValidationError(_("The file is empty."))
    extension = detect_type(data)
    return TYPES[extension], extension


def detect_type(data: bytes) -> str:
    """The extension (a key of TYPES) of the whole file `data`, or ValidationError."""
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    for signature, image_format, extension in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return _check_image(data, image_format, extension)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _check_image(data, "WEBP", "webp")
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data)
    if data.startswith(OLE2_SIGNATURE):
        return _check_ole(data)
    return _check_text(data)


def _check_pdf(data: bytes) -> str:
    if b"%%EOF" not in data[-1024:]:
        raise _damaged("pdf")
    if BINARY_MARKUP.search(data):
        raise _markup_refused()
    return "pdf"


_strict_images_lock = threading.Lock()


@contextmanager
def _strict_images():
    """Pillow strict about broken data while we check an image.

    WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES to True when it is imported, and with it
    Pillow skips checksums and silently fills in missing pixel data, so a truncated or damaged image would pass.
    """
    with _strict_images_lock:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _check_image(data: bytes, image_format: str, extension: str) -> str:
    too_large = ValidationError(
        _("The image has too many pixels. The limit is %(limit)s megapixels: make it smaller, or save it as PDF.")
        % {"limit": MAX_IMAGE_PIXELS // 1_000_000}
    )
    try:
        with _strict_images(), warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise too_large
                image.verify()  # the structure, and for PNG every chunk's checksum
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                if image_format == "JPEG":
                    # Scaled decoding still reads all of the compressed data, in far less memory.
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()  # the pixel data itself
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large
    except Exception:  # Pillow reports broken data with many exception types
        raise _damaged(extension)
    if BINARY_MARKUP.search(data):
        raise _markup_refused()
    return extension


def _check_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
                raise _damaged("zip")
            if any(m.flag_bits & 0x1 for m in members):
                raise _password_refused()
            names = {m.filename for m in members}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise _macros_refused()
            extension = _ooxml_type(archive, names) if "[Content_Types].xml" in names else _odf_type(archive, names)
            if extension is None:
                raise _unknown_type()
            if archive.testzip() is not None:  # decompresses every member and checks its CRC
                raise _damaged("zip")
    except ValidationError:
        raise
    except Exception:  # zipfile, zlib and ElementTree report broken data with many exception types
        raise _damaged("zip")
    return extension


def _ooxml_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """docx, xlsx or pptx when [Content_Types].xml names exactly one main part of those, and it is there."""
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024 or "_rels/.rels" not in names:
        return None
    xml = archive.read(info)
    if b"<!DOCTYPE" in xml.upper():  # no entity declarations, hence no entity expansion
        return None
    root = ElementTree.fromstring(xml)
    lower_names = {name.lower() for name in names}
    found = {
        OOXML_MAIN_PARTS[override.get("ContentType")]
        for override in root.iter(f"{CONTENT_TYPES_NS}Override")
        if override.get("ContentType") in OOXML_MAIN_PARTS
        and (override.get("PartName") or "").lstrip("/").lower() in lower_names
    }
    return found.pop() if len(found) == 1 else None


def _odf_type(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    if "mimetype" not in names or "content.xml" not in names or "META-INF/manifest.xml" not in names:
        return None
    if archive.getinfo("mimetype").file_size > 100:
        return None
    return ODF_MIMETYPES.get(archive.read("mimetype").strip())


def _check_ole(data: bytes) -> str:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = ["/".join(path).lower() for path in ole.listdir(streams=True, storages=False)]
            if "encryptedpackage" in streams:  # a password-protected docx/xlsx
                raise _password_refused()
            if any(stream.split("/")[0] in ("macros", "_vba_project_cur", "_vba_project") for stream in streams):
                raise _macros_refused()
            if "worddocument" in streams:
                extension, main = "doc", "WordDocument"
            elif "workbook" in streams or "book" in streams:
                extension, main = "xls", "Workbook" if "workbook" in streams else "Book"
            else:
                raise _unknown_type()
            ole.openstream(main).read()  # follows the stream's whole sector chain
    except ValidationError:
        raise
    except Exception:  # olefile reports broken data with many exception types
        raise _damaged("ole")
    return extension


def _check_text(data: bytes) -> str:
    if BINARY_BYTES.search(data):
        raise _unknown_type()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            _("Plain text files must be saved as UTF-8. Save the file again with the UTF-8 encoding, or as PDF.")
        )
    if TEXT_MARKUP.search(data):
        raise _markup_refused()
    return "txt"


def download_type(extension: str) -> tuple[str, str]:
    """(extension, content type) to serve a stored document under: only ever one of TYPES, or .bin."""
    if extension in TYPES:
        return extension, TYPES[extension]
    return FALLBACK_TYPE


def download_name(original_name: str, extension: str) -> str:
    """The user's file name with its extension replaced by the detected type's: "brev.html" as text is "brev.txt"."""
    name = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = "".join(ch for ch in stem if ch.isprintable()).strip(" .")
    return f"{stem or _('document')}.{extension}"
