"""The meeting flash in the real window: the seed meeting opened in the editor, its flash
previewed (a picture of the PDF's page that the core draws), a point marked restricted without
saving, and the release version saved through the native GTK dialog that Rust opens (driven with
xdotool, see native.py); the file read back with pdftotext."""

from __future__ import annotations

import subprocess

from native import FileDialog, screen_png
from webdriver import Keys

TITLE = ("Exchange between CAB Reynders and IT Companies on the results of the 6th monitoring exercise on "
         "the implementation of the Code of conduct on countering hate speech online and next steps")


def load_sample(app) -> None:
    app.by_role("button", "Load the sample register").click()
    app.wait_for_text("Import finished")
    app.by_role("button", "Close").click()
    app.wait_gone("dialog[open]")


def open_seed_meeting(app) -> None:
    app.find("body").send_keys(Keys.CONTROL + "k")
    app.by_label("Search the register").fill("Baltic")
    hits = app.by_role("dialog", "Search")
    app.wait_until(lambda: "Exchange between CAB Reynders" in hits.text, message="the seed meeting among the hits")
    hits.find_by("xpath", f".//*[normalize-space()='{TITLE}']").click()
    app.wait_until(lambda: app.by_label("Title").value == TITLE, message="the seed meeting to open in the editor")


def preview_image(app, version: str):
    """The page picture of the flash's `version` ("internal version", "release version")."""
    return app.find(f"img[alt^='Page 1 of'][alt$='({version})']")


def test_the_seed_flash_previews_and_its_release_version_is_saved_through_the_dialog(app, tmp_path):
    load_sample(app)
    open_seed_meeting(app)

    app.by_role("button", "Show flash preview").click()
    image = preview_image(app, "internal version")
    app.wait_until(lambda: app.execute("return arguments[0].complete && arguments[0].naturalWidth", image) == 827,
                   message="the page picture to load")
    app.execute("arguments[0].scrollIntoView({block: 'start'})", image)
    app.screenshot("internal-preview")
    app.by_role("button", "Show flash text").click()
    text = app.by_label("Flash text").text
    assert "From: JUST C2 desk officer (JUST-C2)" in text
    assert "To: BUSA Lucrezia (CAB-REYNDERS)" in text

    # An unsaved edit shows: the first point marked restricted.
    first = app.find_all("label.point-restricted input")[0]
    app.execute("arguments[0].scrollIntoView({block: 'center'})", first)
    first.click()
    app.by_label("Release version").click()
    preview_image(app, "release version")
    app.wait_until(lambda: "Thanked the platforms" not in app.by_label("Flash text").text,
                   message="the restricted point to leave the release version's text")
    text = app.by_label("Flash text").text
    assert "From: [REDACTED]" in text and "Lucrezia Busa (CAB Reynders)" in text
    assert "JUST C2 desk officer" not in text
    app.screenshot("release-preview")

    target = tmp_path / "flash release.pdf"
    app.by_role("button", "Save release version").click()
    dialog = FileDialog.wait("Save release version")
    screen_png(f"{app.name}__save-release-dialog")
    dialog.save_as(target)
    app.wait_for_text(f"Release version saved: {target}")

    pdf = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    body = " ".join(pdf.split())
    assert "Meeting report: Exchange between CAB Reynders" in body
    assert "Lucrezia Busa (CAB Reynders)" in body and "BUSA Lucrezia (CAB-REYNDERS)" in body
    for organisation in ["JUST C2", "YouTube", "Twitter", "Facebook and Instagram", "Jeuxvideo.com", "TikTok"]:
        assert organisation in body, organisation
    for withheld in ["JUST C2 desk officer", "JUST C2 head of unit", "policy representative", "Thanked the platforms"]:
        assert withheld not in body, withheld
    assert "[REDACTED]" in body and "page 1 of" in body
    # Nothing was saved: the meeting in the register is as it was.
    stored = app.invoke("get_meeting", {"key": "2021-06-24-it-companies"})
    assert not stored["points"][0].get("restricted")
