"""Calendars in the real window: the Meetings view exported as an .ics file through the native
save dialog, an Outlook invitation imported through the native open dialog from the Register
file menu and seen in the register, and a saved meeting's invitation sent from the editor bar
with the participants who could not be invited listed. The dialogs are answered with the
keyboard (xdotool, native.py), as a user does."""

from __future__ import annotations

from harness import REPO, choose
from native import FileDialog, screen_png
from webdriver import Keys

OUTLOOK = REPO / "tests" / "ics" / "outlook-request.ics"


def load_sample(app) -> None:
    app.by_role("button", "Load the sample register").click()
    app.wait_for_text("Import finished")
    app.by_role("button", "Close").click()
    app.wait_gone("dialog[open]")


def test_the_meetings_view_is_exported_as_a_calendar(app, tmp_path):
    load_sample(app)
    app.by_role("button", "Meetings").click()
    app.wait_for_text("4 meetings")
    app.by_role("button", "Export calendar…").click()
    dialog = FileDialog.wait("Export calendar")
    screen_png(f"{app.name}__export-calendar-dialog")
    target = tmp_path / "meetings of the register.ics"
    dialog.save_as(target)
    app.wait_for_text(f"Calendar of 4 meetings saved to {target}")
    app.screenshot("calendar-exported")
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "METHOD:PUBLISH\r\n" in text
    assert text.count("BEGIN:VEVENT") == 4
    assert "TZID:Europe/Brussels" in text and "TZID:Europe/Dublin" in text


def test_an_invitation_file_is_imported_from_the_register_file_menu_and_seen(app):
    app.by_role("button", "Import calendar (.ics)…").click()
    FileDialog.wait("Import calendar").open(OUTLOOK)
    app.wait_for_text("Calendar imported: outlook-request.ics")
    app.wait_for_text("1 created")
    app.screenshot("calendar-imported")
    report = app.by_label("Created").text
    assert "Code of Conduct – subgroup on elections" in report, report
    people = app.by_label("People added").text
    assert "Jan Kowalski <jan@example.pl>" in people, people
    # The meeting opens from the report.
    app.by_role("button", "Code of Conduct – subgroup on elections").click()
    # Its invitation came with it: the editor bar offers to send an update or the cancellation.
    app.wait_for_text("Send update")
    app.by_role("button", "Send cancellation")
    app.screenshot("imported-meeting")
    meeting = app.invoke("get_meeting", {"key": "2026-04-14-code-of-conduct-subgroup-on-elections"})
    assert meeting["timezone"] == "Europe/Berlin" and meeting["start"] == "2026-04-14T10:00"
    assert meeting["invitation"]["sequence"] == 1
    assert [p["person"] for p in meeting["participants"]] == ["o-brien-pat", "jan-kowalski"]
    # And it is in the list.
    app.by_role("button", "Meetings").click()
    app.wait_for_text("Code of Conduct – subgroup on elections")

    # The same file again: updated in place, not duplicated.
    app.by_role("button", "Import calendar (.ics)…").click()
    FileDialog.wait("Import calendar").open(OUTLOOK)
    app.wait_for_text("Calendar imported: outlook-request.ics")
    app.by_role("button", "Close").click()
    assert app.invoke("register_info")["counts"]["meetings"] == 1


def test_a_file_that_is_not_a_calendar_is_refused_and_changes_nothing(app, tmp_path):
    bad = tmp_path / "notes.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n")
    app.by_role("button", "Import calendar (.ics)…").click()
    FileDialog.wait("Import calendar").open(bad)
    app.wait_for_text("Calendar not imported")
    app.wait_for_text("END:VTODO where END:VEVENT was expected")
    app.wait_for_text("Nothing was changed in the register.")
    app.screenshot("calendar-refused")
    assert app.invoke("register_info")["empty"] is True


def test_a_saved_meetings_invitation_is_sent_from_the_editor_bar_with_who_is_not_invited(app):
    load_sample(app)
    key = "2021-11-18-dublin-workshop"
    title = "Workshop between platform reviewers and trusted flaggers"
    app.find("body").send_keys(Keys.CONTROL + "k")
    app.by_label("Search the register").fill("reviewers trusted flaggers")
    hits = app.by_role("dialog", "Search")
    app.wait_until(lambda: title in hits.text, message="the workshop among the hits")
    hits.find_by("xpath", f".//*[normalize-space()='{title}']").click()
    app.by_role("button", "Send invitation").click()
    app.wait_for_text("Invitation saved")
    app.wait_for_text("SEQUENCE 0, the first one")
    app.screenshot("invitation-sent")
    not_invited = app.by_label("Not invited").text
    assert "TikTok: an organisation, no person of it named" in not_invited, not_invited
    attendees = app.by_label("Attendees").text
    assert "coordinator@tfn.example.org" in attendees, attendees
    app.by_role("button", "Close").click()
    app.wait_gone("dialog[open]")
    stored = app.invoke("get_meeting", {"key": key})
    assert stored["invitation"]["sequence"] == 0
    # The editor bar now offers an update; no cancellation, for the workshop was held.
    app.by_role("button", "Send update")
    assert not app.all_by_role("button", "Send cancellation"), "a held meeting is not cancelled"
    # It did not take place after all: set cancelled and saved, the window offers the
    # cancellation, which raises SEQUENCE.
    choose(app.by_label("Status"), "Cancelled")
    app.by_role("button", "Save meeting").click()
    app.wait_for_text("Send the cancellation?")
    buttons = app.all_by_role("button", "Send cancellation")
    buttons[-1].click()
    app.wait_for_text("Cancellation saved")
    app.screenshot("cancellation-sent")
    stored = app.invoke("get_meeting", {"key": key})
    assert stored["status"] == "cancelled" and stored["invitation"]["sequence"] == 1
