"""The running app as tests see it: start/close/restart on a register, Tauri commands, finders.

Tests get `App` objects from the fixtures in conftest.py (`app`, `launch_app`); see README.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from webdriver import Element, Session, WaitTimeout, WebDriverError, wait_until

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCREENSHOTS = HERE / "screenshots"
DEFAULT_APP = REPO / "target" / "debug" / "code-register-desktop"
DEFAULT_DRIVER_URL = "http://127.0.0.1:4444"
# Seconds a finder waits for its element; raise it on a slow machine (E2E_TIMEOUT=30).
TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "10"))


def app_binary() -> Path:
    return Path(os.environ.get("CODE_REGISTER_APP") or DEFAULT_APP).resolve()


def driver_url() -> str:
    return os.environ.get("TAURI_DRIVER_URL") or DEFAULT_DRIVER_URL


class CommandRejected(Exception):
    """A Tauri command rejected; `error` is what it rejected with (for the app: a Problem dict)."""

    def __init__(self, command: str, error: Any):
        self.command, self.error = command, error
        super().__init__(f"command '{command}' rejected: {error!r}")

    @property
    def kind(self) -> str | None:
        return self.error.get("kind") if isinstance(self.error, dict) else None

    @property
    def message(self) -> str | None:
        return self.error.get("message") if isinstance(self.error, dict) else str(self.error)


_INVOKE = """
const [command, args, done] = arguments;
const internals = window.__TAURI_INTERNALS__;
if (!internals || typeof internals.invoke !== 'function') { done({missing: true}); return; }
internals.invoke(command, args).then(
  value => done({ok: value === undefined ? null : value}),
  error => done({err: error instanceof Error ? String(error) : (error === undefined ? null : error)}));
"""

# Finds controls by ARIA role and accessible name, or by label; only rendered elements, in page order.
# The accessible name is simplified: aria-labelledby, aria-label, <label>, alt, button value, the
# element's own text for roles named by content, then title and placeholder.
_QUERY = r"""
const [mode, role, name, exact] = arguments;
const IMPLICIT = {
  button: 'button, input[type=button], input[type=submit], input[type=reset]',
  link: 'a[href]', heading: 'h1, h2, h3, h4, h5, h6', img: 'img[alt]',
  textbox: 'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], '
    + 'input[type=password], textarea',
  searchbox: 'input[type=search]', spinbutton: 'input[type=number]', checkbox: 'input[type=checkbox]',
  radio: 'input[type=radio]', combobox: 'select:not([multiple])', listbox: 'select[multiple]', option: 'option',
  dialog: 'dialog', table: 'table', row: 'tr', cell: 'td', columnheader: 'th', list: 'ul, ol', listitem: 'li',
  navigation: 'nav', main: 'main', form: 'form', region: 'section[aria-label], section[aria-labelledby]',
};
const BY_CONTENT = new Set(['button', 'link', 'heading', 'tab', 'menuitem', 'option', 'cell', 'columnheader',
  'rowheader', 'row', 'listitem', 'checkbox', 'radio', 'switch', 'treeitem', 'tooltip']);
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const roleOf = e => {
  const explicit = (e.getAttribute('role') || '').trim().split(/\s+/)[0];
  if (explicit) return explicit;
  for (const [r, sel] of Object.entries(IMPLICIT)) if (e.matches(sel)) return r;
  return '';
};
const nameOf = e => {
  const by = e.getAttribute('aria-labelledby');
  if (by) return norm(by.split(/\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' '));
  if (e.hasAttribute('aria-label')) return norm(e.getAttribute('aria-label'));
  if (e.labels && e.labels.length) return norm([...e.labels].map(l => l.textContent).join(' '));
  if (e.tagName === 'IMG') return norm(e.getAttribute('alt'));
  if (e.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(e.type)) return norm(e.value);
  if (BY_CONTENT.has(roleOf(e))) return norm(e.textContent);
  return norm(e.getAttribute('title') || e.getAttribute('placeholder'));
};
const matches = n => name === null || (exact ? n === norm(name) : n.toLowerCase().includes(norm(name).toLowerCase()));
const shown = e => e.getClientRects().length > 0;
let candidates;
if (mode === 'role') {
  const implicit = IMPLICIT[role] ? ', ' + IMPLICIT[role] : '';
  candidates = [...document.querySelectorAll(`[role~="${CSS.escape(role)}"]` + implicit)]
    .filter(e => roleOf(e) === role);
} else {
  candidates = [...document.querySelectorAll(
    '[aria-label], [aria-labelledby], input, textarea, select, button, meter, output, progress')];
}
return candidates.filter(e => shown(e) && matches(nameOf(e)));
"""


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
_LOWER = _UPPER.lower()


def xpath_literal(text: str) -> str:
    """`text` as an XPath 1.0 string literal (which has no escapes)."""
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", '\"', ".join(f'"{part}"' for part in text.split('"')) + ")"


def choose(select, text: str) -> None:
    """Picks the option shown as `text` in a <select>, as a click on it does."""
    select.find_by("xpath", f".//option[normalize-space()={xpath_literal(text)}]").click()


class App:
    """One instance of the desktop app, started through tauri-driver on the register `register`."""

    def __init__(self, register: Path, args: list[str] | tuple = (), name: str = "app",
                 binary: Path | None = None, driver: str | None = None):
        self.register, self.extra_args, self.name = Path(register), list(args), name
        self.binary = Path(binary).resolve() if binary else app_binary()
        self.driver_url = driver or driver_url()
        self.session: Session | None = None

    def __repr__(self) -> str:
        return f"<App {self.binary.name} --db {self.register} {'running' if self.running else 'closed'}>"

    @property
    def args(self) -> list[str]:
        return ["--db", str(self.register), *self.extra_args]

    @property
    def running(self) -> bool:
        return self.session is not None

    @property
    def s(self) -> Session:
        """The WebDriver session (for anything the helpers below do not cover)."""
        if self.session is None:
            raise RuntimeError(f"{self!r} is not running; call start() first")
        return self.session

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> "App":
        """Launches the app and waits until its page is loaded and Tauri's IPC is there."""
        if self.session is not None:
            raise RuntimeError(f"{self!r} is already running")
        self.session = Session.start(self.driver_url, self.binary, self.args)
        self.session.set_timeouts(script=30, implicit=0)
        wait_until(lambda: self.session.execute(
            "return document.readyState === 'complete' && !!window.__TAURI_INTERNALS__"),
            timeout=max(TIMEOUT, 20), message="the app's page to load with window.__TAURI_INTERNALS__")
        url = self.session.url
        if not url.startswith(("tauri:", "http://tauri.localhost")) and not os.environ.get("E2E_ALLOW_DEV_URL"):
            raise RuntimeError(
                f"the app loaded {url} instead of its embedded UI (tauri://localhost): {self.binary} was built "
                "without the Cargo feature custom-protocol (on by default) and loads build.devUrl; rebuild it "
                "with the default features, or set E2E_ALLOW_DEV_URL=1 with the dev server running")
        return self

    def close(self) -> None:
        """Ends the session and waits until the app's process is gone, so that the register is free
        for a restart. NOTE: the driver ends the app abruptly (Tauri's exit handlers do not run, as
        after a crash or a kill). Does nothing when the app is not running."""
        __tracebackhide__ = True
        if self.session is None:
            return
        session, self.session = self.session, None
        quit_error = None
        try:
            session.quit()
        except WebDriverError as e:
            quit_error = e
        self._wait_exit()
        if quit_error is not None:
            raise quit_error

    def _wait_exit(self) -> None:
        __tracebackhide__ = True
        wait_until(lambda: not self.processes(), timeout=15,
                   message=f"the app process on {self.register} to exit")

    def restart(self) -> "App":
        """Closes the app (abruptly, see close()) and starts it again on the same register."""
        __tracebackhide__ = True
        self.close()
        return self.start()

    def processes(self) -> list[int]:
        """Pids of running processes of this app binary on this register (Linux /proc)."""
        pids, binary, register = [], str(self.binary), str(self.register)
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                exe = os.readlink(entry / "exe").removesuffix(" (deleted)")
            except OSError:
                continue
            if exe == binary and register in argv:
                pids.append(int(entry.name))
        return pids

    # -- Tauri commands --------------------------------------------------------------------
    def try_invoke(self, command: str, args: dict | None = None) -> dict:
        """Calls a Tauri command; returns {"ok": value} or {"err": what it rejected with}."""
        result = self.s.execute_async(_INVOKE, command, args or {})
        if not isinstance(result, dict) or result.get("missing"):
            raise RuntimeError("window.__TAURI_INTERNALS__ is missing: is this page the Tauri webview?")
        return result

    def invoke(self, command: str, args: dict | None = None) -> Any:
        """Calls a Tauri command and returns its value; raises CommandRejected when it rejects."""
        __tracebackhide__ = True
        result = self.try_invoke(command, args)
        if "err" in result:
            raise CommandRejected(command, result["err"])
        return result["ok"]

    # -- finding things (each finder waits up to `timeout` seconds) ------------------------
    def _wait_first(self, find, what: str, timeout: float | None) -> Element:
        __tracebackhide__ = True
        found = wait_until(find, timeout=TIMEOUT if timeout is None else timeout, message=what)
        return found[0] if isinstance(found, list) else found

    def find(self, css: str, timeout: float | None = None) -> Element:
        """The first element matching the CSS selector."""
        return self._wait_first(lambda: self.s.find_all(css), f"an element matching {css!r}", timeout)

    def find_all(self, css: str) -> list[Element]:
        """All elements matching the CSS selector, now (no waiting)."""
        return self.s.find_all(css)

    def by_label(self, label: str, exact: bool = True, timeout: float | None = None) -> Element:
        """The first shown control whose accessible label is `label`: aria-label, aria-labelledby
        or a <label> of a form control. `exact=False`: case-insensitive substring."""
        return self._wait_first(lambda: self.s.execute(_QUERY, "label", None, label, exact),
                                f"a control labelled {label!r}", timeout)

    def by_role(self, role: str, name: str | None = None, exact: bool = True, timeout: float | None = None) -> Element:
        """The first shown element with ARIA role `role` (explicit, or implied by its tag:
        button, link, textbox, checkbox, combobox, heading, dialog, row, cell...) and, when
        given, accessible name `name`."""
        what = f"role={role!r}" + (f" name={name!r}" if name is not None else "")
        return self._wait_first(lambda: self.s.execute(_QUERY, "role", role, name, exact), what, timeout)

    def all_by_role(self, role: str, name: str | None = None, exact: bool = True) -> list[Element]:
        """All shown elements with that role (and name), now (no waiting)."""
        return self.s.execute(_QUERY, "role", role, name, exact)

    def _text_xpath(self, text: str, exact: bool) -> str:
        text = re.sub(r"\s+", " ", text).strip()
        if exact:
            test = f"normalize-space(.)={xpath_literal(text)}"
        else:  # case-insensitive for ASCII and Latin-1 letters
            test = f"contains(translate(normalize-space(.), '{_UPPER}', '{_LOWER}'), {xpath_literal(text.lower())})"
        return f"//body//*[not(self::script or self::style)][{test}][not(.//*[{test}])]"

    def by_text(self, text: str, exact: bool = True, timeout: float | None = None) -> Element:
        """The innermost shown element whose text is `text` (whitespace normalised);
        `exact=False`: whose text contains `text`, ignoring case."""
        xpath = self._text_xpath(text, exact)
        return self._wait_first(lambda: [e for e in self.s.find_all_by("xpath", xpath) if e.is_displayed()],
                                f"an element with text {text!r}", timeout)

    def all_by_text(self, text: str, exact: bool = True) -> list[Element]:
        return [e for e in self.s.find_all_by("xpath", self._text_xpath(text, exact)) if e.is_displayed()]

    # -- waiting on the page ---------------------------------------------------------------
    @property
    def page_text(self) -> str:
        """Everything the page shows as text (document.body.innerText)."""
        return self.s.execute("return document.body ? document.body.innerText : ''")

    def wait_for_text(self, text: str, timeout: float | None = None) -> None:
        """Waits until `text` appears anywhere on the page; on failure, says what the page showed."""
        __tracebackhide__ = True
        shown = [""]

        def present():
            shown[0] = self.page_text
            return text in shown[0]

        try:
            wait_until(present, timeout=TIMEOUT if timeout is None else timeout)
        except WaitTimeout:
            page = re.sub(r"\s+", " ", shown[0]).strip()
            page = page if len(page) <= 400 else page[:400] + "..."
            raise WaitTimeout(f"timed out after {TIMEOUT if timeout is None else timeout:g} s waiting for the page "
                              f"to show {text!r}; it shows: {page!r}") from None

    def wait_gone(self, css: str, timeout: float | None = None) -> None:
        """Waits until no shown element matches the CSS selector."""
        __tracebackhide__ = True
        wait_until(lambda: not [e for e in self.s.find_all(css) if e.is_displayed()],
                   timeout=TIMEOUT if timeout is None else timeout, message=f"{css!r} to disappear")

    def wait_until(self, fn, timeout: float | None = None, message: str = ""):
        return wait_until(fn, timeout=TIMEOUT if timeout is None else timeout, message=message)

    def execute(self, script: str, *args: Any) -> Any:
        return self.s.execute(script, *args)

    # -- evidence --------------------------------------------------------------------------
    def screenshot(self, name: str) -> Path:
        """Saves tests/e2e/screenshots/<test name>__<name>.png and returns its path."""
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{self.name}__{name}")
        return self.s.screenshot(SCREENSHOTS / f"{safe}.png")


__all__ = ["App", "CommandRejected", "WebDriverError", "wait_until", "xpath_literal", "app_binary", "driver_url"]
