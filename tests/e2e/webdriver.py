"""A small W3C WebDriver client (standard library only) for driving the app through tauri-driver.

Only what the end-to-end tests need: sessions, finding elements (css, xpath), clicks, typing,
reading text/attributes/properties, scripts (sync and async), screenshots and window rects.
Every error the driver reports becomes a `WebDriverError` carrying the driver's error code and
message, so a failing test says what WebKitWebDriver said.
"""

from __future__ import annotations

import base64
import http.client
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any, Callable, TypeVar

ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"  # how W3C WebDriver names element references
T = TypeVar("T")


class WebDriverError(Exception):
    """The driver answered with an error (or could not be reached)."""

    def __init__(self, error: str, message: str, method: str = "", path: str = ""):
        self.error, self.message, self.method, self.path = error, message, method, path
        where = f" ({method} {path})" if method else ""
        super().__init__(f"WebDriver error '{error}'{where}: {message}")


class WaitTimeout(AssertionError):
    """`wait_until` gave up; an AssertionError so pytest shows it as a plain test failure."""


def wait_until(fn: Callable[[], T], timeout: float = 5.0, interval: float = 0.1, message: str = "") -> T:
    """Calls `fn` until it returns something truthy, and returns that.

    Exceptions raised by `fn` count as "not yet" (an element may be missing or stale while the
    page changes); the last one is quoted when the wait fails after `timeout` seconds.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this loop
    deadline = time.monotonic() + timeout
    last_error: BaseException | None = None
    while True:
        try:
            value = fn()
            if value:
                return value
            last_error = None
        except (WebDriverError, LookupError, AssertionError) as e:
            last_error = e
        if time.monotonic() >= deadline:
            what = message or getattr(fn, "__name__", "condition")
            detail = f"; last error: {last_error}" if last_error else f"; last value: {value!r}"
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}{detail}")
        time.sleep(interval)


class Element:
    """A reference to an element of the page."""

    def __init__(self, session: "Session", element_id: str):
        self.session, self.id = session, element_id

    def __repr__(self) -> str:
        return f"<Element {self.id}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Element) and other.id == self.id

    def _cmd(self, method: str, what: str, body: Any = None) -> Any:
        return self.session.command(method, f"/element/{self.id}/{what}" if what else f"/element/{self.id}", body)

    def find(self, css: str) -> "Element":
        """The first descendant matching `css` (no waiting; raises WebDriverError 'no such element')."""
        return self.find_by("css selector", css)

    def find_all(self, css: str) -> list["Element"]:
        return self.find_all_by("css selector", css)

    def find_by(self, using: str, value: str) -> "Element":
        return self.session._element(self._cmd("POST", "element", {"using": using, "value": value}))

    def find_all_by(self, using: str, value: str) -> list["Element"]:
        return [self.session._element(e) for e in self._cmd("POST", "elements", {"using": using, "value": value})]

    def click(self) -> "Element":
        self._cmd("POST", "click", {})
        return self

    def send_keys(self, text: str) -> "Element":
        """Types `text` into the element (special keys: see `Keys`)."""
        self._cmd("POST", "value", {"text": text})
        return self

    def clear(self) -> "Element":
        self._cmd("POST", "clear", {})
        return self

    def fill(self, text: str) -> "Element":
        """Clears the field, then types `text`."""
        return self.clear().send_keys(text)

    @property
    def text(self) -> str:
        """The rendered text, as a user sees it."""
        return self._cmd("GET", "text")

    def get_attribute(self, name: str) -> str | None:
        return self._cmd("GET", f"attribute/{name}")

    def get_property(self, name: str) -> Any:
        return self._cmd("GET", f"property/{name}")

    @property
    def value(self) -> Any:
        """The current value of a form control (its `value` property)."""
        return self.get_property("value")

    @property
    def tag_name(self) -> str:
        return self._cmd("GET", "name")

    def is_displayed(self) -> bool:
        return bool(self._cmd("GET", "displayed"))

    def is_enabled(self) -> bool:
        return bool(self._cmd("GET", "enabled"))

    def is_selected(self) -> bool:
        return bool(self._cmd("GET", "selected"))

    @property
    def rect(self) -> dict:
        return self._cmd("GET", "rect")


class Keys:
    """WebDriver codes for special keys, to use inside `send_keys` text."""

    BACKSPACE, TAB, ENTER, SHIFT, CONTROL = "\ue003", "\ue004", "\ue007", "\ue008", "\ue009"
    ALT, ESCAPE = "\ue00a", "\ue00c"
    SPACE, PAGE_UP, PAGE_DOWN, END, HOME = "\ue00d", "\ue00e", "\ue00f", "\ue010", "\ue011"
    LEFT, UP, RIGHT, DOWN, DELETE = "\ue012", "\ue013", "\ue014", "\ue015", "\ue017"


class Session:
    """One WebDriver session, i.e. one running app."""

    def __init__(self, http: "Http", session_id: str, capabilities: dict):
        self.http, self.id, self.capabilities = http, session_id, capabilities

    @classmethod
    def start(cls, driver_url: str, application: str | Path, args: list[str] | None = None,
              timeout: float = 60.0) -> "Session":
        """Starts the app at `application` with `args` through tauri-driver; returns its session."""
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": str(application),
                                                                   "args": list(args or [])}}}}
        http = Http(driver_url, timeout)
        value = http.request("POST", "/session", caps)
        return cls(http, value["sessionId"], value.get("capabilities", {}))

    def command(self, method: str, path: str, body: Any = None) -> Any:
        return self.http.request(method, f"/session/{self.id}{path}", body)

    def quit(self) -> None:
        """Ends the session; the driver closes the app."""
        try:
            self.command("DELETE", "")
        finally:
            self.http.close()

    # -- elements --------------------------------------------------------------------------
    def _element(self, ref: dict) -> Element:
        return Element(self, ref[ELEMENT_KEY])

    def find(self, css: str) -> Element:
        """The first element matching `css` (no waiting; raises WebDriverError 'no such element')."""
        return self.find_by("css selector", css)

    def find_all(self, css: str) -> list[Element]:
        return self.find_all_by("css selector", css)

    def find_by(self, using: str, value: str) -> Element:
        """`using` is "css selector", "xpath", "link text", "partial link text" or "tag name"."""
        return self._element(self.command("POST", "/element", {"using": using, "value": value}))

    def find_all_by(self, using: str, value: str) -> list[Element]:
        return [self._element(e) for e in self.command("POST", "/elements", {"using": using, "value": value})]

    def active_element(self) -> Element:
        return self._element(self.command("GET", "/element/active"))

    # -- scripts ---------------------------------------------------------------------------
    def execute(self, script: str, *args: Any) -> Any:
        """Runs `script` (a function body; use `return`) with `arguments` = args; returns its value."""
        return self._unwrap(self.command("POST", "/execute/sync", {"script": script, "args": self._wrap(list(args))}))

    def execute_async(self, script: str, *args: Any) -> Any:
        """Runs `script`; the value passed to the callback `arguments[arguments.length - 1]` is returned."""
        return self._unwrap(self.command("POST", "/execute/async", {"script": script, "args": self._wrap(list(args))}))

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, Element):
            return {ELEMENT_KEY: value.id}
        if isinstance(value, (list, tuple)):
            return [self._wrap(v) for v in value]
        if isinstance(value, dict):
            return {k: self._wrap(v) for k, v in value.items()}
        return value

    def _unwrap(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._unwrap(v) for v in value]
        if isinstance(value, dict):
            if set(value) == {ELEMENT_KEY}:
                return self._element(value)
            return {k: self._unwrap(v) for k, v in value.items()}
        return value

    def set_timeouts(self, script: float | None = None, page_load: float | None = None,
                     implicit: float | None = None) -> None:
        """Timeouts in seconds; `implicit` is how long finds wait for an element (0 = not at all)."""
        pairs = (("script", script), ("pageLoad", page_load), ("implicit", implicit))
        body = {k: int(v * 1000) for k, v in pairs if v is not None}
        self.command("POST", "/timeouts", body)

    # -- page and window -------------------------------------------------------------------
    @property
    def title(self) -> str:
        return self.command("GET", "/title")

    @property
    def url(self) -> str:
        return self.command("GET", "/url")

    @property
    def source(self) -> str:
        return self.command("GET", "/source")

    def refresh(self) -> None:
        self.command("POST", "/refresh", {})

    def screenshot(self, path: str | Path) -> Path:
        """Saves a PNG of the window's page to `path` (folders are created) and returns the path.

        WebKitGTK takes the screenshot at the page's next paint. A page that paints nothing new
        (no caret blinking, no animation, nothing changed since: a dialog just shown and left)
        never has one, and the request hangs, and every request after it. So for up to 2 s a
        1-pixel element, nearly transparent, in the top left corner changes colour every 50 ms:
        the page paints, and the screenshot shows it as it is."""
        self.after_next_frame()
        self.execute(_PAINT_TICKER)
        try:
            return _write_png(path, self.command("GET", "/screenshot"))
        finally:
            self.execute("const t = document.getElementById('e2e-paint-ticker'); if (t) t.remove();")

    def after_next_frame(self) -> None:
        """Waits until the page has rendered two more frames (at most 1 s). WebKitGTK's screenshot
        shows the last frame it rendered, which can be older than the DOM (seen with a cold mesa
        shader cache under Xvfb: the screenshot still showed the page as it was at load)."""
        self.execute_async("const done = arguments[0]; setTimeout(done, 1000);"
                           " requestAnimationFrame(() => requestAnimationFrame(() => done(null)));")

    def window_rect(self) -> dict:
        """{"x", "y", "width", "height"} of the app window."""
        return self.command("GET", "/window/rect")

    def set_window_rect(self, **rect: int) -> dict:
        """Moves or resizes the window: any of x, y, width, height."""
        return self.command("POST", "/window/rect", rect)


# See Session.screenshot: keeps the page painting for up to 2 s, then removes itself.
_PAINT_TICKER = """
const old = document.getElementById('e2e-paint-ticker');
if (old) old.remove();
const dot = document.createElement('div');
dot.id = 'e2e-paint-ticker';
dot.setAttribute('aria-hidden', 'true');
dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;pointer-events:none;z-index:2147483647';
document.documentElement.appendChild(dot);
let ticks = 0;
const timer = setInterval(() => {
  dot.style.background = ticks % 2 ? '#000' : '#fff';
  if (++ticks > 40 || !dot.isConnected) { clearInterval(timer); dot.remove(); }
}, 50);
"""


def _write_png(path: str | Path, b64: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(b64))
    return path


class Http:
    """JSON over one kept-alive HTTP/1.1 connection to the driver.

    Keep-alive matters: tauri-driver forwards a client's `Connection: close` to WebKitWebDriver, which
    then closes its side after answering, while tauri-driver's connection pool may already have sent
    the next request down that connection; that request dies with "connection reset" (seen as
    "Remote end closed connection without response"). Without `Connection: close` the connections
    stay open. A request that gets no response at all (connection dropped before any answer) is sent
    once more on a new connection: such a request never reached the driver.
    """

    def __init__(self, base: str, timeout: float = 60.0):
        url = urllib.parse.urlsplit(base.rstrip("/"))
        self.base, self.host, self.port, self.prefix = base.rstrip("/"), url.hostname, url.port or 80, url.path
        self.timeout, self.conn = timeout, None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _roundtrip(self, method: str, path: str, data: bytes | None) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Content-Type": "application/json; charset=utf-8"} if data is not None else {}
        self.conn.request(method, self.prefix + path, body=data, headers=headers)
        resp = self.conn.getresponse()
        raw = resp.read()
        if resp.will_close:
            self.close()
        return resp.status, raw

    def request(self, method: str, path: str, body: Any = None) -> Any:
        """Sends a command; returns the response's `value` or raises WebDriverError."""
        __tracebackhide__ = True
        data = None if body is None else json.dumps(body).encode()
        try:
            try:
                status, raw = self._roundtrip(method, path, data)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                status, raw = self._roundtrip(method, path, data)
        except (OSError, http.client.HTTPException) as e:
            self.close()
            reason = f"cannot talk to the driver at {self.base}: {e!r}"
            raise WebDriverError("unreachable", reason, method, path) from None
        try:
            value = json.loads(raw)["value"] if raw else None
        except (ValueError, KeyError, TypeError):
            raise WebDriverError(f"http {status}", raw.decode(errors="replace")[:500], method, path) from None
        if status >= 400:
            error = value if isinstance(value, dict) else {}
            raise WebDriverError(error.get("error", f"http {status}"), error.get("message", ""), method, path)
        return value
