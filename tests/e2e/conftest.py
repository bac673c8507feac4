"""Fixtures for the end-to-end tests: each test gets a fresh register and the real app on it.

    register_path  a register file in a fresh temporary directory (the app gets `--db <path>`)
    app            the app, started on register_path; closed after the test
    launch_app     factory: launch_app(register=None, args=()) starts another App (closed after the test)

See README.md for the App helpers (invoke, by_label, by_role, by_text, screenshot, restart...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import App, app_binary, driver_url
from webdriver import Http, WebDriverError


def pytest_collection_modifyitems(config, items):
    """Stops the run with one clear message when tests were selected but the app binary or
    tauri-driver is missing (instead of the same error in every test)."""
    if not items or config.option.collectonly:
        return
    binary = app_binary()
    if not binary.is_file():
        pytest.exit(f"the app binary {binary} is missing: build it, or set CODE_REGISTER_APP", returncode=2)
    http = Http(driver_url(), timeout=10)
    try:
        http.request("GET", "/status")
    except WebDriverError as e:
        pytest.exit(f"tauri-driver does not answer at {driver_url()} ({e.message}); "
                    "run the suite with tests/e2e/run.sh", returncode=2)
    finally:
        http.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_report_{report.when}", report)  # lets fixtures see whether the test failed
    return report


@pytest.fixture
def register_path(tmp_path: Path) -> Path:
    """Where this test's register lives: a fresh temporary directory per test; the file itself is
    created by the app on first start."""
    return tmp_path / "register.sqlite3"


@pytest.fixture
def launch_app(request, register_path):
    """Starts the app: `launch_app()` on this test's register, `launch_app(register=other_path)`,
    `launch_app(args=[...])` for extra command-line arguments. One app at a time (WebKitWebDriver
    runs one session): close one before launching the next. Every app it started is closed after
    the test; when the test failed, a screenshot of the running app is saved first."""
    apps: list[App] = []

    def launch(register: Path | None = None, args: list[str] | tuple = ()) -> App:
        running = [a for a in apps if a.running]
        if running:  # WebKitWebDriver answers "Maximum number of active sessions" otherwise
            raise RuntimeError("only one app can run at a time (WebKitWebDriver has one session): "
                               f"close {running[0]!r} first")
        name = request.node.name if not apps else f"{request.node.name}-{len(apps) + 1}"
        app = App(register or register_path, args=args, name=name)
        apps.append(app)
        return app.start()

    yield launch

    call = getattr(request.node, "_e2e_report_call", None)
    failed = call is not None and call.failed
    errors = []
    for app in apps:
        if failed and app.running:
            try:
                print(f"screenshot of the failure: {app.screenshot('FAILED')}")
            except Exception as e:  # the app may be what broke
                print(f"no screenshot of the failure: {e}")
        try:
            app.close()
        except Exception as e:
            errors.append(e)
    if errors and not failed:
        raise errors[0]


@pytest.fixture
def app(launch_app) -> App:
    """The app, running on this test's fresh register (`app.register`)."""
    return launch_app()
