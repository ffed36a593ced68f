"""Every fixed Danish text of the portal's pages reads easily: LIX under 35.

The texts are taken from the portal's templates ({% translate %} and {% blocktranslate %}) and from the portal's
Python code (messages shown to the citizen), and translated with the Danish catalogue, as the citizen sees them.
LIX is computed for each text of a sentence or more (five words or more: a shorter label or button has no
readability to measure), and for each page's texts read together."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from helhed.portal.readability import lix, words

TEMPLATES = Path(settings.BASE_DIR) / "helhed" / "templates" / "portal"
CODE = Path(settings.BASE_DIR) / "helhed" / "portal"
LIMIT = 35
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktranslate\s*%}", re.S)
PLURAL = re.compile(r"{%\s*plural\s*%}")
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")
PYTHON = re.compile(r"""\b_\(\s*(["'])(.*?)(?<!\\)\1\s*\)""", re.S)


def _danish_of_block(body: str) -> str:
    parts = PLURAL.split(body)
    singular = VARIABLE.sub(r"%(\1)s", parts[0])
    if len(parts) == 2:
        text = ngettext(singular, VARIABLE.sub(r"%(\1)s", parts[1]), 2)
    else:
        text = gettext(singular)
    return re.sub(r"%\(\w+\)[sd]", "Mette", text)  # a short word in place of a name, a date or a number


def template_texts(path: Path) -> list[tuple[str, str]]:
    source = path.read_text()
    found = [(m.group(2), gettext(m.group(2))) for m in TRANSLATE.finditer(source)]
    found += [(m.group("body").strip(), _danish_of_block(m.group("body").strip())) for m in BLOCK.finditer(source)]
    return found


def python_texts(path: Path) -> list[tuple[str, str]]:
    return [(m.group(2), gettext(m.group(2))) for m in PYTHON.finditer(path.read_text())]


def _pages():
    # Staff see the portal's rows through includes named staff_*; those are not for citizens.
    return sorted(p for p in TEMPLATES.rglob("*.html") if "dev_provider" not in p.parts and not p.name.startswith("staff"))


def _code():
    return sorted(p for p in CODE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts
                  and p.name not in {"dev_provider.py", "readability.py"} and "models" not in p.parts
                  and "extensions" not in p.parts)


def test_lix_of_known_texts():
    assert lix("Vi venter på dit svar. Svar os senest fredag.") == pytest.approx(9 / 2)  # "senest": six letters, short
    # 5 words, 1 sentence, 4 of them long: 5 + 80
    assert lix("Kommunalbestyrelsen træffer afgørelse om sanktion.") == pytest.approx(85)


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_each_portal_text_reads_easily(path):
    with translation.override("da"):
        texts = template_texts(path)
    hard = [(danish, round(lix(danish))) for _msgid, danish in texts if len(words(danish)) >= 5 and lix(danish) >= LIMIT]
    assert not hard, f"{path.name}: texts with LIX {LIMIT} or more: {hard}"
    untranslated = [msgid for msgid, danish in texts if msgid == danish and len(words(msgid)) >= 3]
    assert not untranslated, f"{path.name}: not translated to Danish: {untranslated}"


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_each_portal_page_reads_easily(path):
    with translation.override("da"):
        page = " ".join(danish if danish.rstrip()[-1:] in ".!?:" else danish + "." for _m, danish in template_texts(path))
    if len(words(page)) >= 5:
        assert lix(page) < LIMIT, f"{path.name}: the page's texts together have LIX {lix(page):.0f}"


@pytest.mark.parametrize("path", _code(), ids=lambda p: str(p.relative_to(CODE)))
def test_each_message_to_the_citizen_reads_easily(path):
    with translation.override("da"):
        texts = python_texts(path)
    hard = [(danish, round(lix(danish))) for _msgid, danish in texts if len(words(danish)) >= 5 and lix(danish) >= LIMIT]
    assert not hard, f"{path.name}: texts with LIX {LIMIT} or more: {hard}"
