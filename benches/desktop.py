"""The desktop's speed and memory figures of README, measured on the real app in a real window.

Run through `make bench-desktop` (or `tests/e2e/run.sh --script benches/desktop.py SEED BIG`), which
builds the release app, makes the two registers with the CLI and sets up Xvfb and tauri-driver.
SEED is a register of the seed meetings, BIG one of `demo --meetings 100000`.

It prints, for each register:
- launch: from asking tauri-driver for the window (it starts the app's process within 10 ms) to
  the frame in which the home view shows its lists (median of 9), and the same frame from the start
  of the page's navigation; the page marks that frame itself ("home-shown"), so polling adds
  nothing;
- search: on the Meetings view, a word typed key by key into "Search meetings"; the time from the
  last keystroke to the last change of the list (in the page's own clock), p50 and p95 of 10 words;
- scroll: the meeting list scrolled by script, 300 px a frame (a fast fling) for 3 s; frame
  intervals p50/p95 and frames over 50 ms;
- memory: resident set of the app's main process (VmRSS) after all of the above.
Nothing is asserted: the figures go to README.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from harness import App

# The home view marks (User Timing) the frame in which its lists first show: [wall clock ms, page ms].
HOME_SHOWN = """
const m = performance.getEntriesByName('home-shown')[0];
return m && document.querySelector('#home-overdue') ? [performance.timeOrigin + m.startTime, m.startTime] : null;
"""

# Records, in the page's clock, each keystroke in the search box and each change of the list;
# installed once, emptied before each word (RESET).
WATCH = """
const box = document.getElementById('meetings-text');
const grid = document.querySelector('[role=grid][aria-label=Meetings]');
window.__bench = {keys: [], changes: []};
box.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true);
new MutationObserver(() => window.__bench.changes.push(performance.now()))
  .observe(grid, {subtree: true, childList: true, characterData: true, attributes: true});
return true;
"""
RESET = "window.__bench = {keys: [], changes: []}; return true;"

SCROLL = """
const done = arguments[arguments.length - 1];
const grid = document.querySelector('[role=grid][aria-label=Meetings]');
const frames = [];
let last = performance.now();
const until = last + 3000;
function step(now) {
  frames.push(now - last);
  last = now;
  grid.scrollTop += 300;
  if (now < until) requestAnimationFrame(step); else done(frames);
}
requestAnimationFrame(step);
"""

# Launches per register; the median is reported (this machine's start-up varies by a few tenths).
LAUNCHES = 9

WORDS = ["trusted", "flaggers", "Estonia", "moderation", "elections", "transparency", "template",
         "Dublin", "researchers", "advertising"]


def rss_mib(app: App) -> float:
    """Resident memory of the app's main process (the WebKit processes are its children)."""
    pids = app.processes()
    if not pids:
        return float("nan")
    for line in Path(f"/proc/{pids[0]}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round((len(ordered) - 1) * q))]


def launch(register: Path) -> tuple[App, float, float]:
    """The app started on `register`: seconds from the request to the home view's lists on screen,
    and from the start of the page's navigation to the same frame. Both come from the page's own
    mark, so the polling here adds nothing."""
    app = App(register, name="bench")
    requested = time.time()
    app.start()
    shown_at, in_page = app.wait_until(lambda: app.execute(HOME_SHOWN), timeout=60, message="the home view")
    return app, shown_at / 1000 - requested, in_page / 1000


def measure(name: str, register: Path) -> dict:
    launches, in_pages = [], []
    for _ in range(LAUNCHES):
        app, wall, in_page = launch(register)
        launches.append(wall)
        in_pages.append(in_page)
        app.close()
    app, _, _ = launch(register)
    try:
        app.by_role("button", "Meetings").click()
        box = app.by_label("Search meetings")
        app.find("[role=grid][aria-label=Meetings]")
        time.sleep(1)
        latencies = []
        app.execute(WATCH)
        for word in WORDS:
            box.clear()
            time.sleep(0.5)
            app.execute(RESET)
            for ch in word:
                box.send_keys(ch)
                time.sleep(0.08)  # a quick typist
            time.sleep(2.0)  # let every answer arrive
            keys, changes = app.execute("return [window.__bench.keys, window.__bench.changes]")
            last_key = keys[-1]
            after = [c for c in changes if c >= last_key]
            if not after:  # the list never followed the last keystroke: a failure, not a 0 ms answer
                raise RuntimeError(f"the meeting list did not change after typing {word!r}")
            latencies.append(after[-1] - last_key)
        box.clear()
        time.sleep(1)
        frames = app.s.execute_async(SCROLL)[1:]
        memory = rss_mib(app)
        draws = monitoring_draws(app)
    finally:
        app.close()
    return {
        "register": name,
        "launch_s": statistics.median(launches),
        "in_page_s": statistics.median(in_pages),
        "search_p50_ms": pct(latencies, 0.5),
        "search_p95_ms": pct(latencies, 0.95),
        "frame_p50_ms": pct(frames, 0.5),
        "frame_p95_ms": pct(frames, 0.95),
        "frames_over_50ms": sum(1 for f in frames if f > 50),
        "frames": len(frames),
        "rss_mib": memory,
        "draw_p50_ms": pct(draws, 0.5) if draws else None,
        "draw_p95_ms": pct(draws, 0.95) if draws else None,
    }


def monitoring_draws(app: App) -> list[float]:
    """Milliseconds from choosing an indicator in the Monitoring view to its chart and table in
    the page (the page's own mark, `data-drawn-ms`, of the chart `data-drawn-for` names), every
    indicator of every Code three times.
    Empty when the register has no figures."""
    app.by_role("button", "Monitoring").click()
    app.by_role("heading", "Monitoring")
    time.sleep(1)
    draws = []
    codes = app.execute("return [...document.querySelectorAll('#monitoring-code option')].map(o => o.value)") or []
    for _ in range(3):
        for code in codes:
            app.execute("const s = document.querySelector('#monitoring-code'); if (s.value !== arguments[0]) {"
                        " s.value = arguments[0]; s.dispatchEvent(new Event('change', {bubbles: true})); }", code)
            time.sleep(0.5)
            indicators = app.execute(
                "return [...document.querySelectorAll('#monitoring-indicator option')].map(o => o.value)") or []
            for indicator in indicators:
                if indicator == app.find("#monitoring-indicator").value:
                    continue  # choosing it again draws nothing
                # Chosen as a change event, as the select sends it: the page times from its
                # handler, so how the choice arrives does not count.
                app.execute("const s = document.querySelector('#monitoring-indicator'); s.value = arguments[0];"
                            " s.dispatchEvent(new Event('change', {bubbles: true}));", indicator)
                drawn = app.wait_until(lambda: app.execute(
                    "const c = document.querySelector('.monitoring .chart');"
                    " const v = c && c.getAttribute('data-drawn-ms');"
                    " return c && c.dataset.drawnFor === arguments[0] && v !== null ? Number(v) : null;", indicator),
                    timeout=10, message=f"the chart of {indicator}")
                draws.append(float(drawn))
    return draws


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: desktop.py SEED_REGISTER BIG_REGISTER", file=sys.stderr)
        return 2
    seed, big = Path(argv[1]), Path(argv[2])
    for path in (seed, big):
        if not path.is_file():
            print(f"desktop.py: no register at {path}", file=sys.stderr)
            return 2
    results = [measure("seed", seed), measure("100k", big)]
    print(f"{'register':<9}{'launch s':>10}{'in page s':>11}{'search p50':>12}{'p95 ms':>8}"
          f"{'frame p50':>11}{'p95 ms':>8}{'>50ms':>7}{'RSS MiB':>9}{'chart p50':>11}{'p95 ms':>8}")
    for r in results:
        print(f"{r['register']:<9}{r['launch_s']:>10.2f}{r['in_page_s']:>11.2f}{r['search_p50_ms']:>12.0f}"
              f"{r['search_p95_ms']:>8.0f}{r['frame_p50_ms']:>11.1f}{r['frame_p95_ms']:>8.1f}"
              f"{r['frames_over_50ms']:>4}/{r['frames']:<3}{r['rss_mib']:>8.0f}"
              + (f"{r['draw_p50_ms']:>11.0f}{r['draw_p95_ms']:>8.0f}" if r["draw_p50_ms"] is not None
                 else f"{'-':>11}{'-':>8}"))
    ratio = results[1]["launch_s"] / results[0]["launch_s"]
    print(f"launch on 100k / launch on seed: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
