# TEMPORARY: proves the harness against the throwaway probe app in /tmp/e2e-probe; deleted afterwards.
import time

import pytest

from harness import CommandRejected
from webdriver import Keys, WebDriverError


def test_probe_button_invoke_screenshot_and_reopen(app, register_path):
    print(f"startup {app.startup_seconds:.2f} s")
    assert app.register == register_path
    assert app.s.window_rect()["width"] > 0
    app.by_label("Note").fill("Commission")
    app.by_role("button", "Say hello").click()
    app.wait_for_text("Hello, Commission!")
    assert app.by_text("Hello, Commission!").tag_name == "p"
    assert app.by_text("hello, comm", exact=False).text == "Hello, Commission!"
    t = time.monotonic()
    assert app.invoke("ping") == "pong"
    print(f"invoke {time.monotonic() - t:.3f} s")
    assert app.invoke("db_path") == str(register_path)
    with pytest.raises(CommandRejected) as rejected:
        app.invoke("fail")
    assert rejected.value.kind == "not-found" and rejected.value.message == "no such thing"
    assert "err" in app.try_invoke("no_such_command")
    shot = app.screenshot("hello")
    assert shot.stat().st_size > 1000
    pids = app.processes()
    assert len(pids) == 1, pids
    app.restart()
    print(f"restart startup {app.startup_seconds:.2f} s")
    assert app.processes() and app.processes() != pids
    assert app.by_text("Nothing yet").is_displayed()
    assert app.invoke("db_path") == str(register_path)
    app.by_label("Say hello").click()
    app.wait_for_text("Hello, world!")
    app.screenshot("after-restart")


def test_probe_driver_errors_are_readable(app):
    with pytest.raises(WebDriverError) as e:
        app.s.find("#does-not-exist")
    assert e.value.error == "no such element"
    print(e.value)
    assert app.execute("return [1, 'a', null, {b: 2}]") == [1, "a", None, {"b": 2}]
    el = app.execute("return document.getElementById('note')")
    el.send_keys("abc" + Keys.BACKSPACE)
    assert el.value == "ab" and el.get_attribute("aria-label") == "Note" and el.is_enabled()
    assert app.s.execute_async("const [n, done] = arguments; setTimeout(() => done(n * 2), 50)", 21) == 42


def test_probe_two_apps_on_separate_registers(launch_app, tmp_path):
    a = launch_app()
    b = launch_app(register=tmp_path / "other.sqlite3")
    assert a.invoke("db_path") != b.invoke("db_path")


def test_probe_deliberate_failure_gives_clear_message(app):
    app.by_label("Say hello", timeout=1).click()
    app.wait_for_text("this text never appears", timeout=1)
