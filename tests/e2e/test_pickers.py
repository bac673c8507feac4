"""Dates, times and zones picked rather than typed (typing still works): the pickers driven with
the keyboard in the real window, and the due-by of an action agreed for a period."""

from __future__ import annotations

from webdriver import Keys


def focused_date(app) -> str | None:
    return app.execute("return document.activeElement && document.activeElement.dataset.date || null")


def new_meeting(app, title: str) -> None:
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "Later").click()
    app.by_role("button", "New meeting").click()
    app.by_label("Title").fill(title)


def test_start_and_end_are_picked_from_a_calendar_and_a_list_of_times_with_the_keyboard(app):
    new_meeting(app, "Bilateral with VideoShare")
    start, end = app.by_label("Start"), app.by_label("End")
    start.fill("24.6.2021 11h")  # typed the European way
    start.send_keys(Keys.TAB)
    end.fill("2021-06-24 12:30")
    end.send_keys(Keys.TAB)
    assert start.value == "2021-06-24 11:00"

    # Alt+↓ in the field opens the month; → moves a day, Enter picks; the end moves with the start.
    start.send_keys(Keys.ALT + Keys.DOWN)
    app.wait_until(lambda: focused_date(app) == "2021-06-24", message="24 June in focus in the calendar")
    assert app.by_role("dialog", exact=False, name="Start").is_displayed()
    app.s.active_element().send_keys(Keys.RIGHT)
    app.wait_until(lambda: focused_date(app) == "2021-06-25", message="the next day in focus")
    app.screenshot("calendar-open")
    app.s.active_element().send_keys(Keys.ENTER)
    app.wait_until(lambda: start.value == "2021-06-25 11:00", message="the day picked")
    assert end.value == "2021-06-25 12:30"
    assert app.execute("return document.activeElement.getAttribute('aria-label')") == "Calendar: Start"

    # The time of day from the list: typing 14 jumps to 14:00, ↓ a quarter on, Enter picks.
    app.by_label("Time: Start").click()
    listbox = app.by_role("listbox", exact=False, name="Choose start")
    assert app.execute("return document.activeElement") == listbox
    listbox.send_keys("14")
    listbox.send_keys(Keys.DOWN)
    app.screenshot("times-open")
    listbox.send_keys(Keys.ENTER)
    app.wait_until(lambda: start.value == "2021-06-25 14:15", message="the time picked")
    assert end.value == "2021-06-25 15:45"  # the meeting keeps its length

    # Escape closes a picker without changing anything, the focus back on its button.
    app.by_label("Calendar: End").click()
    app.wait_until(lambda: focused_date(app) == "2021-06-25", message="the end's day in focus")
    app.s.active_element().send_keys(Keys.ESCAPE)
    app.wait_gone(".date-popup")
    assert app.execute("return document.activeElement.getAttribute('aria-label')") == "Calendar: End"
    assert end.value == "2021-06-25 15:45"
    # The editor is still there (Escape did not leave it).
    assert app.by_label("Title").value == "Bilateral with VideoShare"


def test_the_zone_is_found_by_city_and_stored_as_its_iana_name(app):
    new_meeting(app, "Plenary in Strasbourg")
    zone = app.by_label("Time zone")
    assert zone.value == "Europe/Brussels"
    zone.click()
    # Before anything is typed: the usual places, Brussels first.
    app.wait_until(lambda: len(app.all_by_role("option")) >= 5, message="the usual places")
    usual = [o.text for o in app.all_by_role("option")][:5]
    assert [u.split(" — ")[0] for u in usual] == ["Brussels", "Luxembourg", "Dublin", "Strasbourg", "Washington"], usual
    zone.fill("strasb")
    app.wait_until(lambda: [o.text for o in app.all_by_role("option")][:1] and
                   app.all_by_role("option")[0].text.startswith("Strasbourg — France · UTC+0"),
                   message="Strasbourg offered with its country and offset")
    app.screenshot("zones")
    zone.send_keys(Keys.ENTER)
    app.wait_until(lambda: zone.value == "Europe/Paris", message="the IANA name stored")
    app.by_label("Start").fill("2021-10-20 10:00")
    app.by_label("End").fill("2021-10-20 12:00")
    app.by_label("End").send_keys(Keys.TAB)
    app.wait_for_text("UTC+02:00 on 20 Oct 2021")
    app.by_role("button", "Save meeting").click()
    app.wait_until(lambda: app.invoke("list_meetings", {"query": {"flashPending": False, "limit": 5, "offset": 0}})["total"] == 1,
                   message="the meeting to be stored")
    [row] = app.invoke("list_meetings", {"query": {"flashPending": False, "limit": 5, "offset": 0}})["rows"]
    assert app.invoke("get_meeting", {"key": row["key"]})["timezone"] == "Europe/Paris"


def test_a_date_filter_is_picked_from_the_calendar(app):
    app.invoke("load_sample_register")
    app.restart()
    app.by_role("button", "Meetings").click()
    app.wait_until(lambda: len(app.find_all(".vgrid-body .row-title")) == 4, message="the four sample meetings")
    app.by_label("From").fill("1.9.2021")
    app.by_label("Calendar: From").click()
    app.wait_until(lambda: focused_date(app) == "2021-09-01", message="1 September in focus")
    app.s.active_element().send_keys(Keys.PAGE_DOWN)  # a month on
    app.wait_until(lambda: focused_date(app) == "2021-10-01", message="1 October in focus")
    app.s.active_element().send_keys(Keys.ENTER)
    app.wait_until(lambda: app.by_label("From").value == "2021-10-01", message="the date picked")
    titles = "return [...document.querySelectorAll('.vgrid-body .row-title')].map(e => e.textContent.trim())"
    app.wait_until(lambda: app.execute(titles) == ["Workshop between platform reviewers and trusted flaggers"],
                   message="only the November meeting")


def test_an_action_agreed_for_a_period_shows_its_due_by_and_the_period(app):
    assert app.invoke("period_end", {"text": "autumn 2021", "agreed": "2020-05-04"}) == "2021-11-30"
    assert app.invoke("period_end", {"text": "Q3", "agreed": "2021-05-04"}) == "2021-09-30"
    assert app.invoke("period_end", {"text": "Q1", "agreed": "2021-12-15"}) == "2022-03-31"
    assert app.invoke("period_end", {"text": "at the next meeting", "agreed": "2021-05-04"}) is None
    app.invoke("load_sample_register")
    meeting = app.invoke("get_meeting", {"key": app.invoke("list_meetings", {"query": {
        "flashPending": False, "limit": 1, "offset": 0, "order": "asc"}})["rows"][0]["key"]})
    action = meeting["actions"][0]
    # Agreed for "over the summer" with no date: the core reads the period in the meeting's year.
    action.pop("due", None)
    action["duePeriod"] = "over the summer"
    action["status"] = "open"
    app.invoke("save_meeting", {"save": {"meeting": meeting, "newOrganisations": [], "newPeople": []}})
    app.restart()
    app.by_role("heading", "Overdue actions")
    app.wait_for_text(f"due by 31 Aug 2021 · over the summer")


def test_the_editor_shows_the_due_by_of_a_period_and_a_due_date_corrects_it(app):
    new_meeting(app, "Bilateral with VideoShare")
    app.by_label("Start").fill("15.12.2021 11:00")
    app.by_label("End").fill("15.12.2021 12:00")
    app.by_role("button", "Add action").click()
    app.by_label("Action title").fill("Report back on the notices")
    period = app.by_label("Period as agreed")
    assert period.get_attribute("placeholder") == "e.g. autumn 2021"
    # Agreed in December, the third quarter is the coming year's.
    period.fill("Q3")
    app.wait_for_text("Due by 30 Sep 2022 · Q3 (the end of the period; a due date corrects it)")
    # The meeting moved to June: the hint follows it, this year's third quarter.
    app.by_label("Start").fill("24.6.2021 11:00")
    app.by_label("End").fill("24.6.2021 12:00")
    app.wait_for_text("Due by 30 Sep 2021 · Q3 (the end of the period; a due date corrects it)")
    period.fill("autumn")  # no year: the first to end after the meeting
    app.wait_for_text("Due by 30 Nov 2021 · autumn (the end of the period; a due date corrects it)")
    app.by_label("Due date").fill("15/11/2021")
    app.wait_for_text("Due by 15 Nov 2021 · autumn (the due date given; the period alone ends 30 Nov 2021)")
    # The follow-up note's date has its calendar too.
    assert app.by_label("Calendar: Date of the note").is_displayed()
    app.screenshot("period")
    app.by_role("button", "Save meeting").click()
    query = {"query": {"flashPending": False, "limit": 5, "offset": 0}}
    app.wait_until(lambda: app.invoke("list_meetings", query)["total"] == 1, message="the meeting to be stored")
    [row] = app.invoke("list_meetings", query)["rows"]
    [action] = app.invoke("get_meeting", {"key": row["key"]})["actions"]
    assert (action["due"], action["duePeriod"]) == ("2021-11-15", "autumn")
