"""Template helpers that render form fields with DKFDS markup."""

from django import forms, template
from django.template.loader import render_to_string

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
