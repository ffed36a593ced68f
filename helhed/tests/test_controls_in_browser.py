"""The check that every form control can be seen (browser.assert_controls_visible) finds what axe does not: a checkbox
with no box. DKFDS resets every input to `appearance: none` and draws checkboxes and radios itself, as the label's
::before, but only for `<input class="form-checkbox">` followed by its label; the booking form's participant checkboxes
were rendered without that class and had a 0 × 0 px box."""

import pytest

from helhed.tests.browser import SCREENSHOTS, assert_controls_visible, measure_controls

pytestmark = [pytest.mark.browser]
DKFDS_CSS = SCREENSHOTS.parents[1] / "node_modules" / "dkfds" / "dist" / "css" / "dkfds.min.css"
HELHED_CSS = SCREENSHOTS.parents[1] / "helhed" / "static" / "helhed.css"
# The participant list as the booking form rendered it before the fix: Django's bare `{{ choice.tag }}`.
BARE = ('<fieldset><legend class="form-label">Andre medarbejdere, der deltager</legend><div class="form-group-checkbox">'
        '<input type="checkbox" name="other_staff" value="2" id="id_other_staff_0">'
        '<label class="form-label" for="id_other_staff_0">Mette Holm (Brobyg Mentorhus)</label></div></fieldset>')
# DKFDS markup: the class on the input, and the label right after it.
DKFDS = BARE.replace('<input type="checkbox"', '<input class="form-checkbox" type="checkbox"')


def _form(page, fields, stylesheets=(DKFDS_CSS,)):
    page.set_content(f'<main><form><details><summary>Hvem deltager</summary>{fields}</details>'
                     '<input type="hidden" name="csrfmiddlewaretoken" value="x"></form></main>')
    for stylesheet in stylesheets:
        page.add_style_tag(path=str(stylesheet))


def test_a_checkbox_without_its_dkfds_class_has_no_box_and_is_reported(page):
    _form(page, BARE)
    with pytest.raises(AssertionError) as failure:
        assert_controls_visible(page)
    assert "#id_other_staff_0" in str(failure.value) and "0×0 px" in str(failure.value)
    assert "Mette Holm (Brobyg Mentorhus)" in str(failure.value)  # the offender is named as a person sees it


def test_the_dkfds_box_counts_even_though_the_input_itself_is_transparent(page):
    _form(page, DKFDS + '<div class="form-group-radio"><input class="form-radio" type="radio" name="r" id="r1">'
                        '<label class="form-label" for="r1">Ja</label></div>')
    measured = {m["control"].split()[0]: (m["width"], m["height"]) for m in assert_controls_visible(page)}
    assert measured == {"input[type=checkbox]#id_other_staff_0": (24, 24), "input[type=radio]#r1": (24, 24)}
    # Folded sections are opened only while measuring.
    assert page.locator("details").evaluate("d => d.open") is False


def test_a_dkfds_checkbox_whose_label_is_not_next_to_it_draws_no_box(page):
    _form(page, '<div class="form-group-checkbox"><label class="form-label" for="c">Først etiketten</label>'
                '<input class="form-checkbox" type="checkbox" id="c"></div>')
    assert measure_controls(page)["offenders"] == [
        'input[type=checkbox]#c "Først etiketten": input hidden (display, visibility or opacity), '
        'DKFDS box no box drawn']


def test_fields_moved_off_screen_or_shrunk_to_nothing_are_reported(page):
    _form(page, '<label for="a">Gemt væk</label><input class="form-input" id="a" style="position:absolute;left:-999em">'
                '<label for="b">Klemt</label><textarea class="form-input" id="b" style="width:0;height:0;padding:0;'
                'border:0"></textarea>')
    assert measure_controls(page)["offenders"] == [
        'input[type=text]#a "Gemt væk": off-screen', 'textarea#b "Klemt": 0×0 px']


def test_helheds_stylesheet_gives_a_bare_checkbox_its_box_back(page):
    _form(page, BARE, stylesheets=(DKFDS_CSS, HELHED_CSS))
    (checkbox,) = assert_controls_visible(page)
    assert checkbox["width"] >= 16 and checkbox["height"] >= 16
