"""The Python widgets give exactly the markup of Django's widget templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from helhed.core.form_renderer import FastWidgetRenderer


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="Hjælp")
    optional = forms.CharField(required=False)
    email = forms.EmailField()
    number = forms.IntegerField(min_value=0)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": '"<quoted>"'}))
    agree = forms.BooleanField(required=False)
    group = forms.ChoiceField(choices=[("", "Alle"), ("1", "Gruppe 1 <a>"), ("2", "Gruppe & 2")])
    grouped = forms.ChoiceField(choices=[("Nord", [("n1", "Nord 1")]), ("Syd", [("s1", "Syd 1"), ("s2", "Syd 2")]),
                                         ("x", "Uden gruppe")])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


DATA = {
    "text": '<script>alert("x")</script> & co', "email": "a@b.dk", "number": "7", "day": "2026-11-30",
    "secret": "hemmelig", "hidden": "skjult", "note": "Første linje\n<b>fed</b>", "agree": "on", "group": "2",
    "grouped": "s2", "many": ["a", "b"], "radio": "b",
}


@pytest.mark.parametrize("data", [None, DATA, {"note": "", "number": "x"}], ids=["unbound", "bound", "errors"])
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_every_widget_renders_exactly_as_djangos_templates(name, data):
    form = Everything(data, initial={"day": datetime.date(2026, 1, 2), "text": mark_safe("<i>sikker</i>")})
    extra = {"class": "form-input input-width-l", "aria-describedby": "x-hint", "aria-invalid": "true",
             "disabled": True, "readonly": False}
    expected = form[name].as_widget(attrs=extra)
    form.renderer = FastWidgetRenderer()
    assert str(form[name].as_widget(attrs=extra)) == str(expected)


def test_the_settings_use_the_fast_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastWidgetRenderer)
    assert isinstance(FastWidgetRenderer(), DjangoTemplates)  # anything else still goes through the templates


def test_plain_widgets_do_not_go_through_the_template_engine(monkeypatch):
    rendered = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render",
                        lambda self, name, *args, **kwargs: rendered.append(name) or original(self, name, *args, **kwargs))
    form = Everything(DATA)
    form.renderer = FastWidgetRenderer()
    for name in ["text", "email", "number", "day", "secret", "hidden", "note", "agree", "group", "grouped", "many"]:
        form[name].as_widget()
    assert rendered == []
    form["radio"].as_widget()
    assert rendered == ["django/forms/widgets/radio.html"]
