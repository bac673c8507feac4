"""The agreed actions as an officer works through them, in the real window: one-click status
changes that never hit a second card and can be undone, and follow-up meetings planned from an
action, stored only when saved.

The mouse is real here: xdotool moves the X pointer and clicks (XTEST events on the Xvfb
display), as a hand on a mouse does, so a double-click is two real clicks at one place, 80 ms
apart, whatever the page does in between."""

from __future__ import annotations

import time

from harness import xpath_literal
from native import windows_named, xdotool

NARROW, WIDE = 900, 1400


def set_width(app, width: int, height: int = 860) -> None:
    """Resizes the window and waits until the page has its new width."""
    app.s.set_window_rect(width=width, height=height)
    app.wait_until(lambda: abs(app.execute("return window.innerWidth") - width) <= 2,
                   message=f"the page to be {width} px wide")
    app.s.after_next_frame()


def load_sample(app) -> None:
    app.invoke("load_sample_register")
    app.execute("location.reload()")
    app.wait_until(lambda: app.execute("return document.readyState === 'complete' && !!document.querySelector('nav')"),
                   message="the page to reload")


def actions(app, **query) -> dict[str, dict]:
    """Every action of the register by key, as list_actions gives them."""
    page = app.invoke("list_actions", {"query": {"open": False, "overdue": False, "limit": 1000, "offset": 0, **query}})
    return {row["key"]: row for row in page["rows"]}


class Mouse:
    """The X pointer over the app's window, in the page's CSS pixels."""

    def __init__(self, app):
        self.app = app
        windows = windows_named("Code Register")
        assert windows, "the app's window is on the screen"
        self.window = windows[-1]
        xdotool("windowfocus", "--sync", self.window)
        # Where the page's (0, 0) is on the screen: move the pointer to a known place of the
        # screen and read where the page saw it.
        app.execute("window.__e2eMouse = null; addEventListener('mousemove', (e) => "
                    "{ window.__e2eMouse = [e.clientX, e.clientY]; }, { capture: true });")
        geometry = dict(line.strip().split(": ", 1) for line in
                        xdotool("getwindowgeometry", self.window).splitlines()[1:] if ": " in line)
        x0, y0 = (int(v) for v in geometry["Position"].split(" ")[0].split(","))
        w, h = (int(v) for v in geometry["Geometry"].split("x"))
        probe = (x0 + w // 2, y0 + h // 2)
        for dx in (0, 7):  # twice: the first move may be the one that enters the window
            xdotool("mousemove", "--sync", str(probe[0] + dx), str(probe[1]))
            time.sleep(0.15)
        seen = app.wait_until(lambda: app.execute("return window.__e2eMouse"), message="the page to see the pointer")
        self.origin = (probe[0] + 7 - seen[0], probe[1] - seen[1])

    def at(self, element) -> tuple[int, int]:
        """The screen point at the middle of `element`."""
        r = self.app.execute("const r = arguments[0].getBoundingClientRect();"
                             " return [r.left + r.width / 2, r.top + r.height / 2];", element)
        return round(self.origin[0] + r[0]), round(self.origin[1] + r[1])

    def double_click(self, element) -> None:
        x, y = self.at(element)
        xdotool("mousemove", "--sync", str(x), str(y))
        time.sleep(0.1)
        xdotool("click", "--repeat", "2", "--delay", "80", "1")

    def click(self, element) -> None:
        x, y = self.at(element)
        xdotool("mousemove", "--sync", str(x), str(y))
        time.sleep(0.1)
        xdotool("click", "1")


def card(app, title: str):
    """The card of the action titled `title` in the Actions view."""
    return app.find("main").find_by(
        "xpath", f".//article[contains(@class, 'action-item')][.//*[normalize-space()={xpath_literal(title)}]]")


def test_a_double_click_on_mark_done_changes_exactly_one_action_and_undo_restores_it(app):
    load_sample(app)
    set_width(app, WIDE)
    before = actions(app)
    pending = [a for a in before.values() if a["status"] in ("open", "in-progress")]
    pending.sort(key=lambda a: a.get("dueBy") or "9999")
    first, second = pending[0], pending[1]

    app.by_role("button", "Actions").click()
    app.wait_until(lambda: len(app.all_by_role("button", "Mark done")) >= 4, message="the pending actions' cards")
    app.screenshot("actions-list-1400")
    target = card(app, first["title"]).find_by("xpath", ".//button[normalize-space()='Mark done']")
    mouse = Mouse(app)
    mouse.double_click(target)

    app.wait_until(lambda: actions(app)[first["key"]]["status"] == "done", message="the first action to be done")
    time.sleep(1.0)  # anything a second click sent would have arrived by now
    after = actions(app)
    changed = {k for k in before if before[k]["status"] != after[k]["status"]}
    assert changed == {first["key"]}, f"exactly the action clicked changed, not {changed}"
    assert after[second["key"]]["status"] == second["status"]

    # The card stays where it was, shown done; the toast offers Undo.
    done_card = card(app, first["title"])
    assert "closed" in done_card.get_attribute("class")
    assert "Marked done" in done_card.text
    toast = app.find(".toast")
    assert f"Marked done: {first['title']}" in toast.get_property("textContent")
    undo = app.by_role("button", "Undo")
    app.screenshot("toast-with-undo-1400")
    set_width(app, NARROW)
    app.screenshot("toast-with-undo-900")
    set_width(app, WIDE)

    mouse.click(undo)
    app.wait_until(lambda: actions(app)[first["key"]]["status"] == first["status"],
                   message="Undo to restore the action's status")
    app.wait_until(lambda: "closed" not in card(app, first["title"]).get_attribute("class"),
                   message="the card to show the action open again")
    assert {k for k, a in actions(app).items() if a["status"] != before[k]["status"]} == set()


def test_ctrl_z_outside_a_text_field_undoes_a_status_change(app):
    load_sample(app)
    app.by_role("button", "Actions").click()
    app.by_role("button", "Board").click()
    app.wait_until(lambda: app.all_by_role("button", "Start"), message="the board's open cards")
    title = "Propose Key Performance Indicators for each commitment"
    start = card(app, title).find_by("xpath", ".//button[normalize-space()='Start']")
    start.click()
    app.wait_until(lambda: actions(app)["a-cop-kpis"]["status"] == "in-progress", message="the action to be started")
    # The card stays in its column, its button now says what was done, and does nothing more.
    assert "Started" in card(app, title).text
    card(app, title).find_by("xpath", ".//button[normalize-space()='✓ Started']").click()
    app.screenshot("board-started-1400")
    set_width(app, NARROW)
    app.screenshot("board-started-900")
    app.find("body").send_keys("\ue009z")  # Ctrl+Z, the focus on a button, not in a text field
    app.wait_until(lambda: actions(app)["a-cop-kpis"]["status"] == "open", message="Ctrl+Z to undo the change")


def test_scheduling_a_follow_up_twice_leaves_one_planned_meeting_stored_only_after_save(app):
    load_sample(app)
    title = "Propose Key Performance Indicators for each commitment"
    meetings = app.invoke("register_info")["counts"]["meetings"]

    app.by_role("button", "Actions").click()
    card(app, title).find_by("xpath", ".//button[normalize-space()='Schedule follow-up']").click()
    app.wait_until(lambda: app.by_label("Title").value == f"Follow-up: {title}",
                   message="the follow-up draft to open in the editor")
    app.wait_for_text("stored only when you save it")
    # The editor names the action by its title and the meeting that agreed it, not by its key.
    app.wait_for_text(f"This meeting follows up the action “{title}”, agreed at “Assembly of the signatories")
    assert "a-cop-kpis" not in app.page_text
    app.screenshot("follow-up-draft")
    assert app.invoke("register_info")["counts"]["meetings"] == meetings, "nothing stored before Save"

    # Leaving the draft without saving stores nothing.
    app.by_role("button", "← Back").click()
    app.by_role("button", "Discard").click()
    app.wait_until(lambda: app.all_by_role("button", "Schedule follow-up"), message="back on the Actions view")
    assert app.invoke("register_info")["counts"]["meetings"] == meetings

    # Planned again, and saved: one meeting more.
    card(app, title).find_by("xpath", ".//button[normalize-space()='Schedule follow-up']").click()
    app.wait_until(lambda: app.by_label("Title").value == f"Follow-up: {title}", message="the draft again")
    app.by_role("button", "Save meeting").click()
    app.wait_until(lambda: app.invoke("register_info")["counts"]["meetings"] == meetings + 1,
                   message="the follow-up meeting to be stored on Save")
    app.wait_for_text("Saved")

    # The action links to it; scheduling again offers to open it rather than plan another.
    app.by_role("button", "Actions").click()
    assert card(app, title).find_by("xpath", f".//button[normalize-space()={xpath_literal('Follow-up: ' + title)}]")
    [planned] = actions(app)["a-cop-kpis"]["followUpMeetings"]
    assert planned["title"] == f"Follow-up: {title}" and planned["status"] == "planned"
    app.screenshot("action-with-follow-up-link")
    card(app, title).find_by("xpath", ".//button[normalize-space()='Schedule follow-up']").click()
    question = app.by_role("dialog", "A follow-up meeting is planned")
    app.screenshot("follow-up-question")
    assert title in question.text
    question.find_by("xpath", ".//button[starts-with(normalize-space(), 'Open Follow-up: Propose Key')]").click()
    app.wait_until(lambda: app.by_label("Title").value == f"Follow-up: {title}", message="the planned meeting to open")
    app.wait_for_text("Saved")
    assert app.invoke("register_info")["counts"]["meetings"] == meetings + 1, "still one follow-up meeting"
    assert len(actions(app)["a-cop-kpis"]["followUpMeetings"]) == 1

    # The link itself opens the meeting too.
    app.by_role("button", "Actions").click()
    card(app, title).find_by("xpath", f".//button[normalize-space()={xpath_literal('Follow-up: ' + title)}]").click()
    app.wait_until(lambda: app.by_label("Title").value == f"Follow-up: {title}", message="the link to open the meeting")


def test_notes_open_with_the_focus_in_the_note_field_and_enter_adds_the_note(app):
    load_sample(app)
    title = "Propose Key Performance Indicators for each commitment"
    meetings = app.invoke("register_info")["counts"]["meetings"]
    app.by_role("button", "Actions").click()
    card(app, title).find_by("xpath", ".//button[starts-with(normalize-space(), 'Notes (')]").click()
    app.wait_until(lambda: app.s.active_element().get_attribute("placeholder") == "New follow-up note",
                   message="the focus to be in the note field")
    app.s.active_element().send_keys("Called the signatories' secretariat\ue007")  # Enter
    app.wait_until(lambda: actions(app)["a-cop-kpis"]["followUps"] == 1, message="Enter to add the note")
    assert actions(app)["a-cop-kpis"]["status"] == "open", "Enter did nothing else"
    assert app.invoke("register_info")["counts"]["meetings"] == meetings
    assert "Notes (1)" in card(app, title).text
