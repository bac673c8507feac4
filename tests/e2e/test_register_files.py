"""Importing a register file and saving a backup, through the native GTK file dialogs that the
desktop opens in Rust: no command takes a path, so these tests answer the dialogs as a user
does, with the keyboard (xdotool, see native.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from harness import REPO
from native import FileDialog, screen_png

SEED = REPO / "fixtures" / "seed-meetings.json"

# `import_register_file` as api.ts calls it, with a progress channel, collecting the stages.
# A channel delivers {index, message} (and {index, end} when it closes), not always in order.
IMPORT_WITH_PROGRESS = """
const [done] = arguments;
const internals = window.__TAURI_INTERNALS__;
const received = [];
const id = internals.transformCallback(raw => { if ('message' in raw) received.push(raw); });
const stages = () => received.sort((a, b) => a.index - b.index).map(m => m.message.stage);
internals.invoke('import_register_file', {progress: '__CHANNEL__:' + id}).then(
  summary => setTimeout(() => done({summary, stages: stages()}), 200),
  error => done({error}));
"""


def load_sample(app) -> None:
    app.by_role("button", "Load the sample register").click()
    app.wait_for_text("Import finished")
    app.by_role("button", "Close").click()
    app.wait_gone("dialog[open]")


def invoke_in_background(app, script: str) -> tuple[threading.Thread, dict]:
    """Runs an async script in the page on a thread of its own, so that the test can answer the
    native dialog the command opens meanwhile (the page waits for the command, the command for
    the dialog). The test must not talk to WebDriver until the thread is joined."""
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(app.s.execute_async(script)), daemon=True)
    thread.start()
    return thread, result


def test_a_backup_saved_through_the_dialog_restores_into_an_empty_register(app, launch_app, tmp_path):
    load_sample(app)
    original = app.invoke("get_meeting", {"key": "2021-06-24-it-companies"})

    # A cancelled dialog writes nothing and says nothing.
    app.by_role("button", "Save backup…").click()
    FileDialog.wait("Save backup").cancel()
    app.wait_until(lambda: app.by_role("button", "Save backup…").is_enabled(), message="the button to come back")
    assert app.all_by_role("alert") == []

    folder = tmp_path / "backups"
    folder.mkdir()
    backup = folder / "register backup.json"
    app.by_role("button", "Save backup…").click()
    dialog = FileDialog.wait("Save backup")
    screen_png(f"{app.name}__save-dialog")
    dialog.save_as(backup)
    app.wait_for_text(f"Backup saved to {backup}")
    app.screenshot("backup-saved")
    document = json.loads(backup.read_text())
    assert document["format"] == "code-register/1"
    assert len(document["meetings"]) == 4
    app.close()

    restored = launch_app(register=tmp_path / "restored.sqlite3")
    restored.by_role("button", "Import register…").click()
    dialog = FileDialog.wait("Import register")
    screen_png(f"{restored.name}__import-dialog")
    dialog.open(backup)
    restored.wait_for_text("Import finished")
    restored.screenshot("import-finished")
    assert "records added" in restored.page_text
    restored.by_role("button", "Close").click()
    assert restored.invoke("get_meeting", {"key": "2021-06-24-it-companies"}) == original


def test_an_import_tells_its_stages_and_a_cancelled_one_changes_nothing(app):
    thread, result = invoke_in_background(app, IMPORT_WITH_PROGRESS)
    FileDialog.wait("Import register").cancel()
    thread.join(timeout=30)
    assert result == {"summary": None, "stages": []}, result
    assert app.invoke("register_info")["empty"] is True

    thread, result = invoke_in_background(app, IMPORT_WITH_PROGRESS)
    FileDialog.wait("Import register").open(SEED)
    thread.join(timeout=60)
    assert "error" not in result, result
    assert result["summary"]["meetingsAdded"] == 4
    assert result["stages"][0] == "reading" and result["stages"][-1] == "done", result["stages"]


def test_a_file_with_wrong_records_is_refused_with_every_problem_and_changes_nothing(app, tmp_path):
    document = json.loads(SEED.read_text())
    for meeting in document["meetings"][:2]:
        meeting["end"] = meeting["start"]                # a meeting must end after it starts
    document["meetings"][1]["organiser"] = "nobody"      # no such person
    bad = tmp_path / "colleague's register.json"
    bad.write_text(json.dumps(document))

    app.by_role("button", "Import register…").click()
    FileDialog.wait("Import register").open(bad)
    app.wait_for_text("Import failed")
    app.wait_for_text("The file has 3 problems:")
    app.wait_for_text("Nothing was changed in the register.")
    app.screenshot("import-refused")
    problems = app.by_label("Every problem found").text
    for field in ("meetings[0].end", "meetings[1].end", "meetings[1].organiser"):
        assert field in problems, problems
    assert app.invoke("register_info")["empty"] is True


def test_a_backup_over_the_register_itself_is_refused_in_the_window(app):
    load_sample(app)
    register: Path = app.register
    app.by_role("button", "Save backup…").click()
    # GTK asks whether to replace the existing file; the user says yes, the app refuses.
    FileDialog.wait("Save backup").save_as(register, replace=True)
    app.wait_for_text("The backup was not written")
    app.screenshot("backup-over-register-refused")
    alert = app.by_role("alert").text
    assert f"{register} is the register itself" in alert, alert
    assert register.read_bytes()[:16] == b"SQLite format 3\x00"
    assert app.invoke("register_info")["counts"]["meetings"] == 4
    app.restart()
    assert app.invoke("register_info")["counts"]["meetings"] == 4
