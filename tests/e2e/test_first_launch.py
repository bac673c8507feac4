"""First launch: an empty register offers the sample register or a clean start, asks once who the
officer is, and can be given its Codes in the window."""

from webdriver import Keys


def test_an_empty_register_offers_the_sample_register_and_loads_it(app):
    assert app.invoke("register_info")["empty"] is True
    app.by_role("button", "Load the sample register").click()
    app.wait_until(lambda: not app.invoke("register_info")["empty"], message="the sample register to be stored")
    info = app.invoke("register_info")
    assert info["counts"]["meetings"] == 4
    assert info["counts"]["organisations"] == 11
    app.screenshot("sample-loaded")
    # The welcome panel is gone for good: the register is no longer empty after a restart.
    app.restart()
    assert app.all_by_role("button", "Load the sample register") == []
    app.screenshot("home-after-restart")


def test_the_first_launch_asks_once_who_i_am_and_settings_can_change_it(app):
    settings = app.invoke("get_settings")
    assert settings["identityAsked"] is False and settings["name"] == ""
    app.by_role("button", "Start with an empty register").click()
    app.by_role("heading", "Who are you?")
    app.by_label("Your name").fill("Anna Schmidt")
    app.by_label("Your e-mail").fill("anna.schmidt@ec.europa.eu")
    organisation = app.by_label("Your organisation")
    organisation.fill("DG JUST C.2")  # not in the directory: typed, and created on Save
    app.wait_until(lambda: app.all_by_role("option", "New organisation “DG JUST C.2”"), message="the option to create it")
    organisation.send_keys(Keys.ENTER)
    app.wait_for_text("“DG JUST C.2” is added to the directory when you save")
    app.by_label("My name may appear in documents released to the public").click()
    app.screenshot("identity-asked")
    app.by_role("button", "Save").click()
    app.wait_until(lambda: app.invoke("get_settings")["identityAsked"], message="the answer to be stored")
    app.wait_gone(".identity-panel")

    settings = app.invoke("get_settings")
    assert settings["name"] == "Anna Schmidt" and settings["email"] == "anna.schmidt@ec.europa.eu"
    assert settings["public"] is True
    directory = app.invoke("directory")
    [org] = [o for o in directory["organisations"] if o["key"] == settings["organisation"]]
    assert org["name"] == "DG JUST C.2" and org["kind"] == "commission"
    [me] = [p for p in directory["people"] if p["key"] == settings["person"]]
    assert me["organisation"] == org["key"] and me["public"] is True
    # I organise the meetings I create.
    assert app.invoke("draft_meeting")["organiser"] == me["key"]

    # Asked once: not again after a restart; Settings shows and changes it.
    app.restart()
    app.by_role("button", "Settings").click()
    assert app.by_label("Name").value == "Anna Schmidt"
    assert app.by_label("Organisation").value == "DG JUST C.2"
    assert app.by_label("My name may appear in documents released to the public").is_selected()
    app.by_label("My name may appear in documents released to the public").click()
    app.by_role("button", "Save settings").click()
    app.wait_until(lambda: app.invoke("get_settings")["public"] is False, message="public to be turned off")
    app.by_role("button", "Home").click()
    app.by_role("heading", "Overdue actions")
    assert app.all_by_role("heading", "Who are you?") == []


def test_later_skips_the_question_for_good(app):
    app.by_role("button", "Start with an empty register").click()
    app.by_role("heading", "Who are you?")
    app.by_role("button", "Later").click()
    app.wait_until(lambda: app.invoke("get_settings")["identityAsked"], message="the question to be marked asked")
    app.wait_gone(".identity-panel")
    assert app.invoke("get_settings")["name"] == ""
    app.restart()
    app.by_role("button", "Home").click()
    app.by_role("heading", "Overdue actions")
    assert app.all_by_role("heading", "Who are you?") == []


def test_an_empty_register_creates_its_codes_in_the_window(app):
    app.by_role("button", "Start with an empty register").click()
    app.by_role("button", "Later").click()
    app.by_role("button", "Codes").click()
    app.wait_for_text("The register holds no Code yet")
    app.by_role("button", "New Code").click()
    app.by_label("Title").fill("Code of conduct on countering illegal hate speech online")
    app.by_label("Short title").fill("Code of conduct on hate speech")
    # The adoption date from the calendar, with the keyboard: typed first, then moved a week on.
    app.by_label("Adopted").fill("24.5.2016")
    app.by_label("Adopted").send_keys(Keys.ALT + Keys.DOWN)
    day = app.wait_until(lambda: app.execute("return document.activeElement.dataset.date"), message="a day in focus")
    assert day == "2016-05-24"
    app.s.active_element().send_keys(Keys.DOWN)
    app.wait_until(lambda: app.execute("return document.activeElement.dataset.date") == "2016-05-31",
                   message="the focus a week on")
    app.s.active_element().send_keys(Keys.ENTER)
    app.wait_until(lambda: app.by_label("Adopted").value == "2016-05-31", message="the date picked")
    app.screenshot("new-code")
    app.by_role("button", "Create Code").click()
    app.wait_until(lambda: app.invoke("codes"), message="the Code to be stored")
    [code] = app.invoke("codes")
    assert code == {"key": code["key"], "title": "Code of conduct on countering illegal hate speech online",
                    "shortTitle": "Code of conduct on hate speech", "adopted": "2016-05-31"}
    app.by_role("heading", "Code of conduct on countering illegal hate speech online")
    # A new meeting can be about it at once.
    app.by_role("button", "New meeting").click()
    app.by_label("Code of conduct on hate speech")
