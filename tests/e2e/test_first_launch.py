"""First launch: an empty register offers the sample register or a clean start."""


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
