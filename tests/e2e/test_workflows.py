"""The register workflows of a policy officer, in the real window on a fresh register."""

from __future__ import annotations

from harness import choose, xpath_literal
from webdriver import Keys


def pick(app, label: str, typed: str) -> None:
    """Types into a picker (combobox) and takes the first match with Enter."""
    box = app.by_label(label)
    box.fill(typed)
    app.wait_until(lambda: app.find_all("[role=option]"), message=f"options for {typed!r} in {label!r}")
    box.send_keys(Keys.ENTER)


def seed_directory(app) -> None:
    """The organisations and the person the meeting tests meet, stored through the app."""
    app.invoke("save_organisation", {"organisation": {
        "key": "", "name": "VideoShare", "acronym": "VS", "kind": "platform", "signatoryOf": []}})
    app.invoke("save_organisation", {"organisation": {
        "key": "", "name": "Network of trusted flaggers", "acronym": "NTF", "kind": "trusted-flagger",
        "signatoryOf": []}})
    app.invoke("save_person", {"person": {
        "key": "", "name": "Ines Moreau", "organisation": "vs", "role": "Head of Trust and Safety",
        "email": "ines.moreau@videoshare.example", "public": False}})


def test_an_organisation_and_a_person_are_created_in_the_directory(app):
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "Directory").click()
    app.by_role("button", "New organisation").click()
    app.by_label("Name").fill("VideoShare")
    app.by_label("Acronym").fill("VS")
    choose(app.by_label("Kind of organisation"), "Platform")
    app.by_label("Transparency Register number").fill("123456789012-34")
    app.by_role("button", "Create organisation").click()
    app.wait_until(lambda: any(o["name"] == "VideoShare" for o in app.invoke("directory")["organisations"]),
                   message="the organisation to be stored")

    app.by_role("button", "New person").click()
    app.by_label("Name").fill("Ines Moreau")
    pick(app, "Organisation", "VideoSh")
    app.by_label("Role").fill("Head of Trust and Safety")
    app.by_label("E-mail").fill("ines.moreau@videoshare.example")
    app.by_role("button", "Create person").click()
    app.wait_until(lambda: any(p["name"] == "Ines Moreau" for p in app.invoke("directory")["people"]),
                   message="the person to be stored")
    app.screenshot("directory")

    directory = app.invoke("directory")
    org = next(o for o in directory["organisations"] if o["name"] == "VideoShare")
    assert org["kind"] == "platform"
    assert org["acronym"] == "VS"
    assert org["transparencyRegisterId"] == "123456789012-34"
    person = next(p for p in directory["people"] if p["name"] == "Ines Moreau")
    assert person["organisation"] == org["key"]
    assert person["email"] == "ines.moreau@videoshare.example"
    assert person["role"] == "Head of Trust and Safety"


def test_a_meeting_with_participants_points_and_an_action_is_found_by_search_after_reopening(app):
    seed_directory(app)
    app.restart()  # the window reads the directory the commands above wrote
    app.by_role("button", "New meeting").click()
    app.by_label("Title").fill("Bilateral with VideoShare on notice and action")
    app.by_label("Start").fill("2026-12-01 10:00")
    app.by_label("End").fill("2026-12-01 11:30")

    pick(app, "Add participant", "Ines")
    pick(app, "Add participant", "Network of trusted")
    app.wait_until(lambda: len(app.all_by_role("button", "Remove participant", exact=False)) == 2,
                   message="two participants in the list")

    # Three points by two parties: two by VideoShare, one by the flaggers' network.
    texts = [
        ("VS — VideoShare", "VideoShare reviewed 81 percent of notifications within 24 hours"),
        ("VS — VideoShare", "Reviewers now cover Estonian and Latvian"),
        ("NTF — Network of trusted flaggers", "Flaggers ask for feedback on rejected notices"),
    ]
    for i, (party, text) in enumerate(texts):
        app.by_role("button", "Add point").click()
        app.wait_until(lambda: len(app.all_by_role("textbox", "Point text")) == i + 1,
                       message=f"point {i + 1} to appear")
        point = app.all_by_role("textbox", "Point text")[i]
        app.execute("arguments[0].scrollIntoView({block: 'center'})", point)
        point.fill(text)
        parties = app.all_by_role("combobox", "Party")
        choose(parties[i], party)

    app.by_role("button", "Add action").click()
    app.by_label("Action title").fill("Send the quarterly moderation figures")
    pick(app, "Add owner", "VideoSh")
    app.by_label("Due date").fill("2026-12-15")
    app.by_role("button", "Save meeting").click()
    app.wait_for_text("Saved")
    app.screenshot("meeting-saved")

    app.restart()
    app.find("body").send_keys(Keys.CONTROL + "k")
    app.by_label("Search the register").fill("Latvian")
    hits = app.by_role("dialog", "Search")
    app.wait_until(lambda: "Bilateral with VideoShare" in hits.text, message="the meeting among the hits")
    hits.find_by("xpath", ".//*[normalize-space()='Bilateral with VideoShare on notice and action']").click()
    app.wait_until(lambda: app.by_label("Title").value == "Bilateral with VideoShare on notice and action",
                   message="the meeting to open in the editor")
    app.screenshot("found-after-reopening")

    key = app.invoke("search", {"text": "Latvian", "limit": 5})[0]["key"]
    meeting = app.invoke("get_meeting", {"key": key})
    assert [p["text"] for p in meeting["points"]] == [t for _, t in texts]
    assert [p.get("by") for p in meeting["points"]] == ["vs", "vs", "ntf"]
    assert {p.get("person") or p.get("organisation") for p in meeting["participants"]} == {"ines-moreau", "ntf"}
    assert meeting["start"] == "2026-12-01T10:00" and meeting["end"] == "2026-12-01T11:30"
    [action] = meeting["actions"]
    assert action["title"] == "Send the quarterly moderation figures"
    assert action["owners"] == ["vs"] and action["due"] == "2026-12-15" and action["status"] == "open"


def test_marking_an_action_done_takes_it_off_the_overdue_list(app):
    app.invoke("load_sample_register")
    app.restart()
    overdue = app.by_role("region", "Overdue actions")
    title = "Propose Key Performance Indicators for each commitment"
    app.wait_until(lambda: title in overdue.text, message="the sample's overdue action on the home view")

    def row():
        return app.by_role("region", "Overdue actions").find_by(
            "xpath", f".//li[.//*[normalize-space()={xpath_literal(title)}]]")

    def action_status():
        meeting = app.invoke("get_meeting", {"key": "2021-07-07-cop-assembly"})
        return next(a for a in meeting["actions"] if a["key"] == "a-cop-kpis")["status"]

    # The card stays where it was, shown done, so a double-click cannot reach the next card.
    row().find_by("xpath", ".//button[normalize-space()='Mark done']").click()
    app.wait_until(lambda: row().find_by("css selector", "button.small").text == "Done",
                   message="the card to show the action done")
    done = row().find_by("xpath", ".//button[normalize-space()='Done']")
    assert done.get_attribute("disabled") is not None
    assert action_status() == "done"
    app.screenshot("marked-done-in-place")

    # Undo in the toast brings it back, as in the Actions view.
    app.by_role("button", "Undo").click()
    app.wait_until(lambda: row().find_by("css selector", "button.small").text == "Mark done",
                   message="Undo to give the card its Mark done again")
    assert action_status() == "open"

    row().find_by("xpath", ".//button[normalize-space()='Mark done']").click()
    app.wait_until(lambda: action_status() == "done", message="the action to be done")
    app.by_role("button", "Refresh").click()
    app.wait_until(lambda: title not in app.by_role("region", "Overdue actions").text,
                   message="the action to leave the overdue list once the lists are fetched again")
    app.screenshot("after-mark-done")
    assert all(a["key"] != "a-cop-kpis" for a in app.invoke("home")["overdue"])


def test_an_end_before_the_start_is_refused_with_the_message_next_to_the_field(app):
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "New meeting").click()
    app.by_label("Title").fill("Workshop with fact-checkers")
    app.by_label("Start").fill("2026-12-02 14:00")
    app.by_label("End").fill("2026-12-02 13:00")
    app.by_role("button", "Save meeting").click()
    error = app.find("[role=alert][id$='end-error']")
    app.wait_until(lambda: "end" in error.text.lower(), message="the end-before-start message")
    end = app.by_label("End")
    assert end.get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in (end.get_attribute("aria-describedby") or "").split()
    # Next to the field: the message sits below the End input (under its time-zone hint, whose
    # lines depend on the font), in the same column, before the next row of the form.
    e, m, below = end.rect, error.rect, app.by_label("Organiser").rect
    assert e["y"] + e["height"] <= m["y"] < e["y"] + e["height"] + 80, (e, m)
    assert abs(m["x"] - e["x"]) < 40 and m["x"] < e["x"] + e["width"], (e, m)
    assert m["y"] + m["height"] <= below["y"], (m, below)
    app.screenshot("end-before-start")
    assert app.invoke("register_info")["counts"]["meetings"] == 0, "nothing was stored"
    # What the user typed is still there to correct.
    assert app.by_label("Title").value == "Workshop with fact-checkers"
