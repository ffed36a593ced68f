"""The form renderer: Django's, with the plain widgets written in Python.

Django renders every widget through templates (input.html includes attrs.html; a select includes one template per
option), which made the form widgets a tenth of a page's time (issue 12, bench/README.md). The widgets below give
exactly the markup of Django's own templates (`core/tests/test_form_renderer.py` compares them); any other
template (radio lists, file inputs, a project override) still goes through the template engine.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

_W = "django/forms/widgets/"
INPUT_TEMPLATES = {f"{_W}{name}.html" for name in (
    "input", "text", "email", "number", "date", "time", "datetime", "password", "hidden", "url", "search", "tel",
    "checkbox",
)}


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape."""
    return str(conditional_escape(value if isinstance(value, str) else str(value)))


def _attrs(attrs: dict) -> str:
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option: dict) -> str:
    return f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != f"{_W}select_option.html":
                return None  # a custom option template: let the engine render the whole select
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name in INPUT_TEMPLATES:
                html = _input(widget)
            elif template_name == f"{_W}textarea.html":
                html = _textarea(widget)
            elif template_name == f"{_W}select.html":
                html = _select(widget)
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
