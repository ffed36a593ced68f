"""Template helpers that render form fields with DKFDS markup."""

from django import forms, template
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()


def _widget_class(widget):
    if isinstance(widget, forms.CheckboxInput):
        return "form-checkbox"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-input"


@register.simple_tag
def field(bound_field, width=""):
    """A DKFDS form group: label, hint, error message and the input wired together with aria attributes."""
    widget = bound_field.field.widget
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {"class": " ".join(c for c in [_widget_class(widget), width] if c)}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return render_to_string(
        "includes/field.html",
        {
            "field": bound_field,
            "input": bound_field.as_widget(attrs=attrs),
            "is_checkbox": isinstance(widget, forms.CheckboxInput),
        },
    )


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """A pagination link that keeps the current search and filter."""
    querystring = context.get("querystring", "")
    return f"?{querystring}&page={number}" if querystring else f"?page={number}"


@register.filter
def lookup(mapping, key):
    """`mapping[key]` in a template, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def add_class(bound_field, css_class):
    """Render a bound field's widget with a CSS class (for fields laid out by hand, e.g. in a table)."""
    return bound_field.as_widget(attrs={"class": css_class})


@register.filter
def lookup_field(form, name):
    """The bound field `name` of a form whose field names are built at run time."""
    return form[name]


def _genitive_ending(name: str, language=None) -> str:
    if not name:
        return ""
    language = (language or get_language() or "da").lower()
    last = name[-1].lower()
    if language.split("-")[0] == "da":
        return "'" if last in "sxz" else "s"
    return "'s"


def genitive_of(name, language=None) -> str:
    """The genitive (possessive) of a name, by the rules of `language` (default: the active language).

    Danish (Retskrivningsordbogen): a name ending in s, x or z takes an apostrophe, any other name takes "s":
    "Lucas'", "Hans'", "Felix'", "Inez'", "Dittes", "Sørens". English: every name takes "'s", also after s
    ("Lucas's", "Hans's", "Felix's", "Ditte's"), as in the English texts that write "%(name)s's" themselves, so
    English pages are consistent. Any other language is treated as English. An empty name stays empty.
    Python code that builds a message with a genitive calls this directly.
    """
    name = str(name or "").strip()
    return name + _genitive_ending(name, language)


@register.filter(needs_autoescape=True)
def genitive(name, autoescape=True):
    """`{{ citizen.first_name|genitive }}`: the name's genitive in the active language (see genitive_of).

    In a translated text, pass it as its own variable so each language's text can use it:
    `{% blocktranslate with name_genitive=citizen.first_name|genitive %}Read {{ name_genitive }} story{% ... %}`.
    """
    safe = isinstance(name, SafeData)
    name = str(name or "").strip()
    ending = _genitive_ending(name)
    if not autoescape:
        return name + ending
    # A name already marked safe (escaped) is not escaped again; the apostrophe is escaped like any text.
    return mark_safe((name if safe else conditional_escape(name)) + conditional_escape(ending))


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render once into `name`, for markup a page shows twice (the menu and
    the language button sit in the header and in the mobile drawer)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one argument: the variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])
