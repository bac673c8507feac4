"""Transparency in the real window, on the sample register: the Transparency view lists the seed
meetings waiting for publication (all of them late today, the Dublin workshop's Trusted Flaggers
Network flagged as not registered); publishing the 24 June 2021 meeting takes it off the list and
Undo brings it back; a scope set by hand without a reason is refused beside the reason; the
publication list of 2021 is exported through the native save dialog (Rust opens it; answered with
the keyboard, native.py) and read back: the byte-order mark, exactly the columns, the rows of the
meetings in scope. The app has no clock of its own to set: the seed's meetings, from 2021, are
late whatever the day the test runs."""

from __future__ import annotations

import csv
import io

from native import FileDialog, screen_png

NARROW, WIDE = 900, 1400

SEED_TITLE = "Exchange between CAB Reynders and IT Companies"
SEED_KEY = "2021-06-24-it-companies"
WORKSHOP_TITLE = "Workshop between platform reviewers and trusted flaggers"
COLUMNS = [
    "Name of DG/Cabinet",
    "Name of EC representative",
    "Title of EC representative",
    "Date of meeting",
    "Location",
    "Name of interest representative",
    "Transparency register ID",
    "Subject of the meeting",
    "Minutes",
]


def set_width(app, width: int, height: int = 860) -> None:
    app.s.set_window_rect(width=width, height=height)
    app.wait_until(lambda: abs(app.execute("return window.innerWidth") - width) <= 2,
                   message=f"the page to be {width} px wide")
    app.s.after_next_frame()


def start_on_the_sample(app) -> None:
    app.invoke("load_sample_register")
    # The first launch's question about my identity is answered: it is not what this shows.
    app.invoke("save_settings", {"settings": {**app.invoke("get_settings"), "name": "Anna Schmidt",
                                              "email": "anna.schmidt@ec.europa.eu"}})
    app.restart()


def open_transparency(app) -> None:
    app.find("nav.sidebar").find_by("xpath", ".//button[normalize-space()='Transparency']").click()
    app.wait_until(lambda: len(pending_titles(app)) > 0, message="the meetings waiting for publication")


def pending_titles(app) -> list[str]:
    return app.execute("""
        return [...document.querySelectorAll('ul[aria-label="Meetings waiting for publication"] > li .item-title')]
          .map(e => e.textContent.trim());""")


def item_of(app, title: str):
    return app.find("ul[aria-label='Meetings waiting for publication']").find_by(
        "xpath", f"./li[.//*[contains(@class, 'item-title') and starts-with(normalize-space(), '{title}')]]")


def test_the_view_lists_the_seed_meeting_publishing_removes_it_and_the_list_is_exported(app, tmp_path):
    start_on_the_sample(app)
    open_transparency(app)
    titles = pending_titles(app)
    assert len(titles) == 3, titles
    assert any(t.startswith(SEED_TITLE) for t in titles), titles
    assert "3 meetings wait for publication, 3 late; 1 with an organisation not in the Transparency Register" \
        in app.page_text
    workshop = item_of(app, WORKSHOP_TITLE)
    assert "Not registered" in workshop.text and "TFN" in workshop.text
    seed = item_of(app, SEED_TITLE)
    assert "Publish by 8 Jul 2021" in seed.text and "days late" in seed.text
    assert "Not registered" not in seed.text

    for width in (WIDE, NARROW):
        set_width(app, width)
        app.screenshot(f"transparency-{width}")
        overflow = app.execute("return document.querySelector('main').scrollWidth > document.querySelector('main').clientWidth")
        assert not overflow, f"the Transparency view scrolls sideways at {width} px"
    set_width(app, WIDE)

    # Publish (today, the default): the meeting leaves the list; Undo brings it back.
    today = app.invoke("home")["today"]
    item_of(app, SEED_TITLE).find_by("xpath", ".//button[normalize-space()='Publish']").click()
    app.wait_until(lambda: not any(t.startswith(SEED_TITLE) for t in pending_titles(app)),
                   message="the published meeting to leave the list")
    assert len(pending_titles(app)) == 2
    assert app.invoke("get_meeting", {"key": SEED_KEY})["transparency"]["published"] == today
    app.screenshot("published-with-undo")
    app.by_role("button", "Undo").click()
    app.wait_until(lambda: any(t.startswith(SEED_TITLE) for t in pending_titles(app)),
                   message="Undo to bring the meeting back")
    assert "transparency" not in app.invoke("get_meeting", {"key": SEED_KEY})

    # A scope set by hand needs its reason: refused beside the field, then taken.
    workshop = item_of(app, WORKSHOP_TITLE)
    scope = workshop.find("select")
    app.execute("arguments[0].value = 'exempt'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                scope)
    item_of(app, WORKSHOP_TITLE).find_by("xpath", ".//button[normalize-space()='Set scope']").click()
    app.wait_until(lambda: "a scope set by hand needs a reason" in item_of(app, WORKSHOP_TITLE).text,
                   message="the missing reason named beside its field")
    reason = item_of(app, WORKSHOP_TITLE).find("input[aria-invalid='true']")
    assert reason.get_attribute("placeholder") == "Why this meeting is exempt"
    app.screenshot("reason-required")
    reason.fill("A technical workshop of the Code's task force, not a meeting with interest representatives.")
    item_of(app, WORKSHOP_TITLE).find_by("xpath", ".//button[normalize-space()='Set scope']").click()
    app.wait_until(lambda: not any(t.startswith(WORKSHOP_TITLE) for t in pending_titles(app)),
                   message="the exempt meeting to leave the list")
    stored = app.invoke("get_meeting", {"key": "2021-11-18-dublin-workshop"})["transparency"]
    assert stored["scope"] == "exempt" and stored["reason"].startswith("A technical workshop")

    # The publication list of 2021 through the native save dialog, read back.
    app.by_label("From").fill("2021-01-01")
    app.by_label("To").fill("2021-12-31")
    app.by_role("button", "Export publication list…").click()
    dialog = FileDialog.wait("Export publication list")
    screen_png(f"{app.name}__export-publication-dialog")
    target = tmp_path / "publication list 2021.csv"
    dialog.save_as(target)
    app.wait_for_text(f"Publication list saved: {target} (2 meetings)")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:10]
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert rows[0] == COLUMNS
    assert len(rows) == 3, rows  # the header, the 24 June meeting and the July assembly
    seed_row = next(r for r in rows[1:] if r[3] == "24/06/2021")
    assert seed_row[7].startswith(SEED_TITLE)
    assert seed_row[5].split("; ")[-1] == "TikTok" and len(seed_row[6].split("; ")) == len(seed_row[5].split("; "))
    assert "language skills" in seed_row[8]
    assert not any(r[3] == "18/11/2021" for r in rows[1:]), "the exempt workshop is not published"


def test_the_home_view_counts_the_late_publications_and_opens_the_view(app):
    start_on_the_sample(app)
    # The home view looks ninety days back: the seed's 2021 meetings are history there.
    section = app.find("[aria-labelledby='home-transparency']")
    assert "Late for publication" in section.text
    section.find_by("xpath", ".//button[normalize-space()='Open Transparency']").click()
    app.wait_until(lambda: len(pending_titles(app)) == 3, message="the Transparency view")


def test_the_meeting_editor_shows_the_deadline_and_the_directory_flags_and_saves_a_brief(app, tmp_path):
    start_on_the_sample(app)
    open_transparency(app)
    item_of(app, WORKSHOP_TITLE).find_by("xpath", ".//button[contains(@class, 'item-title')]").click()
    section = app.find("#meeting-transparency")
    app.wait_until(lambda: "To publish by 2 Dec 2021" in section.text, message="the editor's Transparency section")
    assert "days late" in section.text and "The rules suggest: in scope" in section.text
    assert "Not registered" in section.text
    # The unregistered organisation is flagged in the participants' table too.
    participants = app.find("#meeting-participants")
    assert "Not registered" in participants.text

    # A scope set by hand without a reason is refused when the meeting is saved.
    select = app.by_label("Scope")
    app.execute("arguments[0].value = 'exempt'; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                select)
    app.by_role("button", "Save meeting").click()
    app.wait_until(lambda: "a scope set by hand needs a reason" in section.text,
                   message="the missing reason named beside its field")
    app.execute("arguments[0].scrollIntoView({block: 'center'})", section)
    app.screenshot("editor-reason-required")
    app.by_label("Reason for the scope").fill("A workshop of the Code's task force.")
    app.by_role("button", "Save meeting").click()
    app.wait_until(lambda: "Exempt: not published." in section.text, message="the meeting saved as exempt")

    # The Directory flags the Trusted Flaggers Network and saves its brief through the dialog.
    app.find("nav.sidebar").find_by("xpath", ".//button[normalize-space()='Directory']").click()
    app.find("#directory-filter").fill("Trusted flagger network")
    button = app.find(".record-button")
    assert "Not registered" in button.text
    button.click()
    app.wait_for_text("Timeline")
    assert "No Transparency Register number" in app.page_text
    app.screenshot("directory-unregistered")
    app.by_role("button", "Save brief…").click()
    dialog = FileDialog.wait("Save brief")
    target = tmp_path / "brief.pdf"
    dialog.save_as(target)
    app.wait_for_text(f"Brief saved: {target}")
    assert target.read_bytes().startswith(b"%PDF-")
