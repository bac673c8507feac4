"""The meeting editor as an officer uses it, in the real window: every problem of a refused save
marked at once and listed where it can be seen, the outline driven from the keyboard with real
key events, and people created for a meeting stored with it or not at all."""

from __future__ import annotations

import time

from harness import xpath_literal
from native import windows_named, xdotool
from webdriver import Keys

NARROW, WIDE = 900, 1400


def set_width(app, width: int, height: int = 860) -> None:
    """Resizes the window and waits until the page has its new width."""
    app.s.set_window_rect(width=width, height=height)
    app.wait_until(lambda: abs(app.execute("return window.innerWidth") - width) <= 2,
                   message=f"the page to be {width} px wide")
    app.s.after_next_frame()


def by_id(app, element_id: str):
    return app.find(f"[id={xpath_literal(element_id)}]")


def new_meeting(app, title: str) -> None:
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "New meeting").click()
    app.by_label("Title").fill(title)


def key(combo: str) -> None:
    """A real key event, as the keyboard sends it: XTEST through xdotool on the app's window."""
    [window] = windows_named("Code Register")[-1:]
    xdotool("windowfocus", "--sync", window)
    xdotool("key", "--clearmodifiers", combo)
    time.sleep(0.15)


def summary_below_the_bar(app) -> dict:
    return app.execute("""
        const s = document.querySelector('.error-summary'), bar = document.querySelector('.editor-bar');
        if (!s || !bar) return null;
        const r = s.getBoundingClientRect(), b = bar.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, bar: b.bottom, height: innerHeight,
                focused: document.activeElement === s};""")


def test_an_empty_action_title_and_an_impossible_due_date_are_both_marked_in_one_save(app):
    set_width(app, WIDE)
    new_meeting(app, "Bilateral with VideoShare")
    app.by_role("button", "Add action").click()
    due = app.by_label("Due date")
    due.fill("2021-02-30")
    due.send_keys(Keys.CONTROL + "s")  # Ctrl+S, scrolled down to the action

    title_error = by_id(app, "meeting:actions[0].title-error")
    due_error = by_id(app, "meeting:actions[0].due-error")
    assert "2021-02-30" in due_error.text and "February" in due_error.text, due_error.text
    assert title_error.text
    assert app.by_label("Action title").get_attribute("aria-invalid") == "true"
    assert app.by_label("Due date").get_attribute("aria-invalid") == "true"
    # The summary lists both, each a link to its field, and shows just below the sticky bar.
    summary = app.find(".error-summary")
    links = summary.find_all("button")
    assert len(links) == 2, summary.text
    assert "Not saved: please correct these 2 problems" in summary.text
    box = summary_below_the_bar(app)
    assert box["focused"], box
    assert box["bar"] - 1 <= box["top"] and box["bottom"] <= box["height"], box
    app.screenshot("both-problems-1400")
    assert app.invoke("register_info")["counts"]["meetings"] == 0, "nothing was stored"

    # A link of the summary goes to its field.
    [link] = [b for b in links if "due date" in b.text.lower()]
    link.click()
    assert app.s.active_element() == app.by_label("Due date")

    # At 900 px, after Ctrl+S again: the summary is still in sight below the bar.
    set_width(app, NARROW)
    app.by_label("Due date").send_keys(Keys.CONTROL + "s")
    app.wait_until(lambda: (summary_below_the_bar(app) or {}).get("focused"), message="the summary again")
    box = summary_below_the_bar(app)
    assert box["bar"] - 1 <= box["top"] < box["height"], box
    app.screenshot("both-problems-900")


def test_shift_tab_in_the_outline_outdents_the_point_sent_as_a_real_key(app):
    set_width(app, WIDE)
    new_meeting(app, "Plenary of the signatories")
    app.by_role("button", "Add point").click()
    first = app.by_label("Point text")
    app.wait_until(lambda: app.s.active_element() == first, message="the new point to have the focus")
    xdotool("type", "--delay", "20", "Signatories report on the first year")
    key("Return")
    app.wait_until(lambda: len(app.all_by_role("textbox", "Point text")) == 2, message="a second point")
    xdotool("type", "--delay", "20", "VideoShare asks for more time")
    key("Tab")
    app.wait_until(lambda: [e.text for e in app.find_all(".point-number")] == ["1", "1.1"],
                   message="Tab to make the second point a reply")
    key("shift+Tab")
    app.wait_until(lambda: [e.text for e in app.find_all(".point-number")] == ["1", "2"],
                   message="Shift+Tab (a real key event) to outdent the reply")
    texts = app.all_by_role("textbox", "Point text")
    assert [t.value for t in texts] == ["Signatories report on the first year", "VideoShare asks for more time"]
    assert app.s.active_element() == texts[1], "the point keeps the focus"

    # Tab order: a point's text, its party, its Restricted box; the point's buttons are no Tab stops.
    texts[0].click()
    key("Tab")  # the first point cannot be indented: Tab moves on
    assert app.s.active_element().get_attribute("aria-label") == "Party"
    key("Tab")
    restricted = app.s.active_element()
    assert restricted.get_attribute("type") == "checkbox"
    assert restricted.find_by("xpath", "..").text.strip() == "Restricted"
    key("Tab")
    assert app.s.active_element() == app.all_by_role("textbox", "Point text")[1]
    # The buttons say their keys; Alt+↑ moves, Ctrl+Shift+Delete removes.
    up = app.all_by_role("button", "Move point up")[1]
    assert "Alt+↑" in up.get_attribute("title") and up.get_attribute("tabindex") == "-1"
    assert "Ctrl+Shift+Delete" in app.all_by_role("button", "Remove point")[1].get_attribute("title")
    key("alt+Up")
    app.wait_until(lambda: app.all_by_role("textbox", "Point text")[0].value == "VideoShare asks for more time",
                   message="Alt+Up to move the point up")
    key("ctrl+shift+Delete")
    app.wait_until(lambda: len(app.all_by_role("textbox", "Point text")) == 1, message="Ctrl+Shift+Delete to remove it")
    app.screenshot("outline")


def test_the_outline_buttons_never_sit_on_the_party_select_at_900_px(app):
    set_width(app, NARROW)
    new_meeting(app, "Plenary")
    for i in range(2):
        app.by_role("button", "Add point").click()
        app.wait_until(lambda: len(app.all_by_role("textbox", "Point text")) == i + 1, message="a point")
    app.all_by_role("textbox", "Point text")[1].send_keys("A reply" + Keys.TAB)
    app.wait_until(lambda: app.find_all(".point.reply"), message="a reply")
    overlaps = app.execute("""
        const out = [];
        for (const p of document.querySelectorAll('.point')) {
          const s = p.querySelector('select').getBoundingClientRect();
          for (const b of p.querySelectorAll('.point-buttons button')) {
            const r = b.getBoundingClientRect();
            if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom) out.push(b.getAttribute('aria-label'));
          }
          if (p.scrollWidth > p.clientWidth + 1) out.push('the point scrolls sideways');
        }
        return out;""")
    assert overlaps == []
    app.screenshot("outline-900")


def test_a_person_created_in_the_editor_is_stored_with_the_meeting_or_not_at_all(app):
    set_width(app, WIDE)
    new_meeting(app, "Bilateral with the Italian regulator")
    app.by_role("button", "New person…").click()
    dialog = app.by_role("dialog", "New person")
    assert "Lucrezia Busa" in dialog.text, "the name fields say what they are for"
    app.by_label("Name").fill("Lucrezia Busa")
    app.by_label("Family name").fill("Busa")
    app.by_label("E-mail").fill("lucrezia.busa.example")
    app.by_role("button", "Add person").click()
    app.wait_until(lambda: app.all_by_text("new"), message="the new person marked new")
    assert app.invoke("directory")["people"] == [], "not in the directory before the meeting is saved"

    app.by_role("button", "Save meeting").click()
    summary = app.find(".error-summary")
    app.wait_until(lambda: "lucrezia.busa.example" in summary.text, message="the e-mail problem in the summary")
    assert "New person “Lucrezia Busa”" in summary.text
    row = app.find("table.participants tbody tr")
    assert "is not an e-mail address" in row.text, row.text
    app.screenshot("new-person-problem")
    assert app.invoke("register_info")["counts"]["meetings"] == 0
    assert app.invoke("directory")["people"] == []

    # Corrected in the person's dialog, which shows the problem at its field.
    row.find_by("xpath", ".//button[normalize-space()='Lucrezia Busa']").click()
    email = app.by_label("E-mail")
    assert email.get_attribute("aria-invalid") == "true"
    email.fill("lucrezia.busa@agcom.example")
    app.by_role("button", "Keep changes").click()
    app.by_role("button", "Save meeting").click()
    app.wait_until(lambda: app.invoke("register_info")["counts"]["meetings"] == 1, message="the meeting stored")
    [person] = app.invoke("directory")["people"]
    assert person["name"] == "Lucrezia Busa" and person["email"] == "lucrezia.busa@agcom.example"
    key_ = app.invoke("search", {"text": "Italian regulator", "limit": 5})[0]["key"]
    meeting = app.invoke("get_meeting", {"key": key_})
    assert [p.get("person") for p in meeting["participants"]] == [person["key"]]
    app.wait_until(lambda: not app.all_by_text("new"), message="no longer marked new")

    # A person created for a meeting that is then discarded never reaches the directory.
    app.by_role("button", "New meeting").click()
    app.by_label("Title").fill("A meeting given up")
    app.by_role("button", "New person…").click()
    app.by_label("Name").fill("Giulia Rossi")
    app.by_role("button", "Add person").click()
    app.wait_until(lambda: app.all_by_text("new"), message="the new person marked new")
    app.by_role("button", "Home").click()
    app.by_role("button", "Discard").click()
    app.wait_until(lambda: not app.all_by_role("button", "Save meeting"), message="the editor left")
    assert [p["name"] for p in app.invoke("directory")["people"]] == ["Lucrezia Busa"]


def test_a_held_meeting_shows_attendance_without_the_answer_to_the_invitation(app):
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "New meeting").click()
    # A meeting not saved yet is not shown in the colour of "Saved".
    state = app.find(".save-state")
    app.wait_until(lambda: state.text == "Not saved yet", message="the new meeting's state")
    colour = app.execute("return getComputedStyle(arguments[0]).color", state)
    ok = app.execute("const e = document.createElement('span'); e.style.color = 'var(--ok)'; document.body.append(e);"
                     " const c = getComputedStyle(e).color; e.remove(); return c;")
    assert colour != ok, (state.text, colour)

    app.by_label("Title").fill("Workshop held last week")
    app.by_role("button", "New organisation…").click()
    app.by_label("Name").fill("VideoShare")
    app.by_role("button", "Add organisation").click()
    app.wait_until(lambda: app.all_by_role("combobox", "Answer of VideoShare"), message="the answer while planned")
    status = app.by_label("Status")
    status.find_by("xpath", ".//option[normalize-space()='Held']").click()
    app.wait_until(lambda: not app.all_by_role("combobox", "Answer of VideoShare"), message="no answer once held")
    assert app.by_label("Attendance of VideoShare")
    assert "No answer yet" not in app.find("table.participants").text


def test_the_participant_picker_opens_upwards_when_there_is_no_room_below(app):
    set_width(app, NARROW, height=700)
    new_meeting(app, "Plenary")
    picker = app.by_label("Add participant")
    # The field at the bottom of the window, just above the status bar.
    app.execute("""
        const el = arguments[0], main = document.querySelector('main');
        const bar = document.querySelector('.statusbar').getBoundingClientRect().height;
        main.scrollTop += el.getBoundingClientRect().bottom - (innerHeight - bar) + 8;""", picker)
    picker.send_keys("Ana")
    listbox = app.find(".picker-list")
    field, options = picker.rect, listbox.rect
    assert options["y"] + options["height"] <= field["y"] + 1, (field, options)
    app.screenshot("picker-upwards")
