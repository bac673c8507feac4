"""How the window is drawn: without a GPU the app turns off WebKit's OpenGL compositing, which
under Mesa's software renderer made the meeting list scroll at under 20 frames a second."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

VARIABLES = ("WEBKIT_DISABLE_COMPOSITING_MODE", "WEBKIT_FORCE_COMPOSITING_MODE")


def has_render_node() -> bool:
    dri = Path("/dev/dri")
    return dri.is_dir() and any(p.name.startswith("renderD") for p in dri.iterdir())


def web_process_environment(app) -> dict[str, str]:
    """The environment WebKit's web process was started with: what the app's process had set."""
    main = app.processes()[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            exe = os.readlink(entry / "exe")
            raw = (entry / "environ").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == main and exe.endswith("WebKitWebProcess"):
            pairs = (item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if "=" in item)
            return dict(pairs)
    raise AssertionError("the app has no WebKitWebProcess child")


def test_compositing_follows_the_gpu(app):
    if any(name in os.environ for name in VARIABLES):
        pytest.skip("WebKit's compositing mode was chosen in this environment")
    app.find("#app nav")  # the page is up, so its web process has started
    env = web_process_environment(app)
    if has_render_node():
        assert "WEBKIT_DISABLE_COMPOSITING_MODE" not in env
    else:
        assert env.get("WEBKIT_DISABLE_COMPOSITING_MODE") == "1"
