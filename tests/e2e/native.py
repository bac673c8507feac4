"""The app's native windows outside its webview: the GTK file dialogs that Rust opens for
"Import register…" and "Save backup…". WebDriver only sees the page, so these are driven as a
user would, with the keyboard, through xdotool (XTEST key events on the Xvfb display); and
`screen_png` takes a screenshot of the whole screen, dialogs included (xwd).

    chooser = FileDialog.wait("Import register")   # the dialog is mapped
    chooser.open(path)                             # types the absolute path, Enter
    FileDialog.wait("Save backup").save_as(path)   # replaces the offered name, Enter
    FileDialog.wait("Save backup").cancel()        # Escape

No window manager runs under Xvfb: focus is given with XSetInputFocus (`windowfocus`), which
GTK honours, and the dialogs sit where GTK puts them.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

from harness import SCREENSHOTS, TIMEOUT
from webdriver import WaitTimeout, wait_until


def xdotool(*args: str, timeout: float = 10) -> str:
    if shutil.which("xdotool") is None:
        raise RuntimeError("xdotool is missing: run tests/e2e/setup.sh")
    done = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"xdotool {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def windows_named(title: str) -> list[str]:
    """Ids of the mapped windows whose title is exactly `title`."""
    done = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"],
                          capture_output=True, text=True, timeout=10)
    return done.stdout.split()  # exit status 1 with no output when there is none


class FileDialog:
    """One GTK file chooser of the app, found by its title."""

    def __init__(self, title: str, window: str):
        self.title, self.window = title, window
        # The windows on the screen with the dialog, to tell a question it asks from them.
        self.others = set(all_visible())

    @classmethod
    def wait(cls, title: str, timeout: float | None = None) -> "FileDialog":
        """Waits until a dialog titled `title` is on the screen and has the keyboard."""
        found = wait_until(lambda: windows_named(title), timeout=TIMEOUT if timeout is None else timeout,
                           interval=0.2, message=f"the native dialog {title!r} to open")
        dialog = cls(title, found[-1])
        # GTK fills the chooser (its places, the folder's files) just after mapping it, and
        # moves the keyboard focus while it does: give it a moment before typing.
        time.sleep(0.8)
        dialog.focus()
        return dialog

    def focus(self) -> None:
        xdotool("windowfocus", "--sync", self.window)

    def keys(self, *keys: str) -> None:
        self.focus()
        xdotool("key", "--clearmodifiers", *keys)

    def type(self, text: str) -> None:
        self.focus()
        xdotool("type", "--delay", "20", text)

    @property
    def is_open(self) -> bool:
        return self.window in windows_named(self.title)

    def wait_closed(self, timeout: float | None = None) -> None:
        wait_until(lambda: not self.is_open, timeout=TIMEOUT if timeout is None else timeout, interval=0.2,
                   message=f"the native dialog {self.title!r} to close")

    def open(self, path: Path) -> None:
        """Chooses the file at `path` in an open dialog: Ctrl+L opens the location field, the
        absolute path goes in it, Enter opens it."""
        self.keys("ctrl+l")
        time.sleep(0.3)
        self.keys("ctrl+a")
        self.type(str(path))
        time.sleep(0.3)
        self.keys("Return")
        self.wait_closed()

    def save_as(self, path: Path, replace: bool = False) -> None:
        """Saves as `path` in a save dialog: the name field (focused, holding the offered name)
        takes the absolute path, Enter saves. `replace`: the file exists, and GTK's question
        "Replace it?" is answered yes (its default button)."""
        self.keys("ctrl+a")
        self.type(str(path))
        time.sleep(0.3)
        self.keys("Return")
        if replace:
            question = wait_until(lambda: [w for w in all_visible() if w not in self.others],
                                  timeout=TIMEOUT, interval=0.2, message="GTK to ask whether to replace the file")
            time.sleep(0.5)
            xdotool("windowfocus", "--sync", question[-1])
            xdotool("key", "--clearmodifiers", "Return")
        self.wait_closed()

    def cancel(self) -> None:
        self.keys("Escape")
        self.wait_closed()


def all_visible() -> list[str]:
    """Ids of every mapped window, titled or not."""
    done = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", ""],
                          capture_output=True, text=True, timeout=10)
    return done.stdout.split()


def screen_png(name: str) -> Path:
    """A PNG of the whole X screen (the window and any native dialog over it) at
    screenshots/<name>.png, from `xwd -root`."""
    xwd = subprocess.run(["xwd", "-root", "-silent"], capture_output=True, timeout=20, check=True).stdout
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_png(*_xwd_rgb(xwd)))
    return path


def _xwd_rgb(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and PNG rows (RGB) of a 24-bit TrueColor XWD image, 24 or 32 bits a pixel
    (what Xvfb gives)."""
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line, ncolors = fields[7], fields[11], fields[12], fields[19]
    if bits_per_pixel not in (24, 32):
        raise RuntimeError(f"xwd gave {bits_per_pixel} bits a pixel; only 24 and 32 are read here")
    step = bits_per_pixel // 8
    pixels = data[header_size + ncolors * 12:]
    # LSBFirst: blue, green, red (and a pad byte at 32 bits).
    r, g, b = (2, 1, 0) if byte_order == 0 else (step - 3, step - 2, step - 1)
    rows = bytearray()
    for y in range(height):
        line = pixels[y * bytes_per_line:y * bytes_per_line + width * step]
        rgb = bytearray(width * 3)
        rgb[0::3], rgb[1::3], rgb[2::3] = line[r::step], line[g::step], line[b::step]
        rows += b"\x00" + rgb
    return width, height, bytes(rows)


def _png(width: int, height: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


__all__ = ["FileDialog", "screen_png", "xdotool", "windows_named", "WaitTimeout"]
