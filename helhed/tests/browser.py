"""Shared helpers for browser tests: Debian's Chromium through Playwright, screenshots and axe."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("HELHED_CHROMIUM", "/usr/bin/chromium"), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    from playwright.sync_api import expect

    # The suite runs two workers on two cores beside a live server each: allow a slow answer before failing.
    expect.set_options(timeout=15_000)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    yield page
    context.close()


def open_menu_item(page, name):
    """Click a main-menu item, through "Mere" when the menu has folded it away (a team leader has many)."""
    link = page.locator(".mainmenu a:visible", has_text=name)
    if not link.count():
        page.get_by_role("button", name="Mere").click()
    page.locator(".mainmenu a:visible", has_text=name).first.click()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page):
    """axe-core finds no serious or critical violations on the current page."""
    page.wait_for_load_state("load")
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}" for v in blocking
    )


# Every form control a person is meant to see and use, measured in the page. A checkbox or radio counts as visible
# when either the native input or the box DKFDS draws for it (its label's ::before) has a real size on the page: DKFDS
# hides the native input (opacity 0) and draws the box itself, so markup that hides the input without the matching
# label draws nothing. Folded <details> are opened while measuring, and closed again afterwards.
_MEASURE_CONTROLS = """(minSize) => {
  const folded = [...document.querySelectorAll('details:not([open])')];
  folded.forEach(d => { d.open = true; });
  const docWidth = document.documentElement.scrollWidth, docHeight = document.documentElement.scrollHeight;
  const describe = el => {
    const label = (el.labels && el.labels[0] ? el.labels[0].innerText : el.getAttribute('aria-label') || '').trim();
    return `${el.tagName.toLowerCase()}${el.type && el.tagName === 'INPUT' ? '[type=' + el.type + ']' : ''}` +
      `${el.id ? '#' + el.id : ''}${el.name ? ' name=' + el.name : ''}${label ? ' "' + label.slice(0, 60) + '"' : ''}`;
  };
  const onPage = (left, top, width, height) =>
    left + window.scrollX + width > 0 && top + window.scrollY + height > 0 &&
    left + window.scrollX < docWidth && top + window.scrollY < docHeight;
  const measureElement = el => {
    const r = el.getBoundingClientRect();
    const shown = el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    return {width: r.width, height: r.height, shown, onPage: onPage(r.left, r.top, r.width, r.height)};
  };
  const measureDrawnBox = input => {
    // DKFDS: <input class="form-checkbox"><label for=...> with the box drawn as label::before.
    const label = input.nextElementSibling && input.nextElementSibling.tagName === 'LABEL'
      ? input.nextElementSibling : (input.labels && input.labels[0]);
    if (!label || !label.checkVisibility({visibilityProperty: true})) return null;
    const before = getComputedStyle(label, '::before');
    if (before.content === 'none' || before.content === 'normal' || before.display === 'none' ||
        before.visibility !== 'visible' || parseFloat(before.opacity) === 0) return null;
    const width = parseFloat(before.width) || 0, height = parseFloat(before.height) || 0;
    let left, top;
    if (before.position === 'absolute') {
      const block = getComputedStyle(label).position !== 'static' ? label : (label.offsetParent || document.body);
      const r = block.getBoundingClientRect();
      left = r.left + (parseFloat(before.left) || 0);
      top = r.top + (parseFloat(before.top) || 0);
    } else {
      const r = label.getBoundingClientRect();
      left = r.left; top = r.top;
    }
    return {width, height, shown: true, onPage: onPage(left, top, width, height)};
  };
  const ok = m => m && m.shown && m.width >= minSize && m.height >= minSize && m.onPage;
  const why = m => !m ? 'no box drawn' : !m.shown ? 'hidden (display, visibility or opacity)' :
    (m.width < minSize || m.height < minSize) ? `${Math.round(m.width)}×${Math.round(m.height)} px` : 'off-screen';
  const controls = [...document.querySelectorAll('input, select, textarea')].filter(el =>
    el.type !== 'hidden' && !el.hidden && !el.closest('[hidden], [aria-hidden="true"], template'));
  const offenders = [], measured = [];
  for (const el of controls) {
    const own = measureElement(el);
    if (el.type === 'checkbox' || el.type === 'radio') {
      const drawn = measureDrawnBox(el);
      const box = own.shown && ok(own) ? own : drawn;
      measured.push({control: describe(el), width: box ? box.width : 0, height: box ? box.height : 0});
      if (!ok(own) && !ok(drawn)) offenders.push(`${describe(el)}: input ${why(own)}, DKFDS box ${why(drawn)}`);
    } else {
      measured.push({control: describe(el), width: own.width, height: own.height});
      if (!ok(own)) offenders.push(`${describe(el)}: ${why(own)}`);
    }
  }
  folded.forEach(d => { d.open = false; });
  return {offenders, measured};
}"""


def measure_controls(page, min_size=8):
    """Each form control on the page a person is meant to see, with the size of its box (see _MEASURE_CONTROLS)."""
    # A click that navigates returns once the new page is committed, before its body is parsed: wait for it.
    page.wait_for_load_state("load")
    return page.evaluate(_MEASURE_CONTROLS, min_size)


def assert_controls_visible(page, min_size=8):
    """Every form control on the page (inputs except hidden ones, selects, textareas, and checkboxes and radios by
    their input or DKFDS-drawn box) has a box of at least min_size px on the page; fails listing the offenders."""
    result = measure_controls(page, min_size)
    assert not result["offenders"], f"Form controls nobody can see on {page.url}:\n" + "\n".join(result["offenders"])
    return result["measured"]


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    assert_controls_visible(page)
    page.get_by_role("button", name="Log ind").click()
