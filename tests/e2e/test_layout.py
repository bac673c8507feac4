"""The window at its narrowest (900 px, tauri.conf.json's minWidth) and at a usual width: what an
officer reads must stay readable, and nothing may overlap or scroll sideways."""

from __future__ import annotations

import pytest

from harness import SCREENSHOTS

NARROW, WIDE = 900, 1400


def set_width(app, width: int, height: int = 860) -> None:
    """Resizes the window and waits until the page has its new width."""
    app.s.set_window_rect(width=width, height=height)
    app.wait_until(lambda: abs(app.execute("return window.innerWidth") - width) <= 2,
                   message=f"the page to be {width} px wide")
    app.s.after_next_frame()


def load_sample(app) -> None:
    app.invoke("load_sample_register")
    app.execute("location.reload()")
    app.wait_until(lambda: app.execute("return document.readyState === 'complete' && !!document.querySelector('nav')"),
                   message="the page to reload")


# For every row of the Meetings grid in sight: its title and how many of its characters are drawn
# unclipped. A character counts when its box lies inside every clipping box around the title (the
# title itself, the cell, the row, the grid's scroller) and, when the title is cut with an ellipsis,
# before the ellipsis (whose width is measured in the title's font). Range boxes give the laid-out
# position of each character whether or not it is painted.
_VISIBLE_TITLES = r"""
const grid = document.querySelector('.vgrid');
const head = grid.querySelector('.vgrid-head');
const g = grid.getBoundingClientRect();
const top = g.top + (head ? head.getBoundingClientRect().height : 0);
const out = [];
for (const row of grid.querySelectorAll('.vgrid-body [role=row]')) {
  const r = row.getBoundingClientRect();
  if (r.bottom <= top + 1 || r.top >= g.bottom - 1) continue;
  const title = row.querySelector('.row-title');
  if (!title) continue;
  let left = -Infinity, right = Infinity;
  for (let e = title; e && e !== document.documentElement; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (e === title || cs.overflowX !== 'visible') {
      const b = e.getBoundingClientRect();
      left = Math.max(left, b.left + e.clientLeft);
      right = Math.min(right, b.left + e.clientLeft + e.clientWidth);
    }
  }
  right = Math.min(right, window.innerWidth);
  const cut = title.scrollWidth > title.clientWidth + 1;
  if (cut) {
    const ctx = document.createElement('canvas').getContext('2d');
    const cs = getComputedStyle(title);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    right -= ctx.measureText('\u2026').width;
  }
  let text = '', shown = 0;
  const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      text += n.data[i];
      range.setStart(n, i);
      range.setEnd(n, i + 1);
      const b = range.getBoundingClientRect();
      if (b.width > 0 && b.left >= left - 0.5 && b.right <= right + 0.5) shown++;
    }
  }
  out.push({text: text.trim(), shown, cut, hasTitle: title.getAttribute('title') === text.trim(),
            width: Math.round(right - left)});
}
return out;
"""


# The Meetings grid's column headers in sight: their boxes and whether the text fits in each.
_HEADERS = r"""
return [...document.querySelectorAll('.vgrid-head [role=columnheader]')]
  .filter(h => h.getClientRects().length > 0)
  .map(h => { const b = h.getBoundingClientRect();
              return {text: h.textContent.trim(), left: b.left, right: b.right, top: b.top, bottom: b.bottom}; });
"""


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 \
                    and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5:
                out.append((a["text"], b["text"]))
    return out


def test_at_900_px_every_meeting_row_shows_at_least_20_characters_of_its_title(app):
    load_sample(app)
    app.by_role("button", "Meetings").click()
    app.wait_until(lambda: app.find_all(".vgrid-body .row-title"), message="the meetings list")
    for width in (NARROW, 1100, WIDE):
        set_width(app, width)
        headers = app.execute(_HEADERS)
        assert overlapping(headers) == [], f"at {width} px headers overlap: {headers}"
        assert len({round(h["top"]) for h in headers}) == 1, f"at {width} px the headers are not on one line: {headers}"
        rows = app.execute(_VISIBLE_TITLES)
        assert len(rows) == 4, rows
        for row in rows:
            need = min(20, len(row["text"]))
            assert row["shown"] >= need, f"at {width} px only {row['shown']} characters of {row['text']!r} show: {row}"
            # A title cut short can be read whole on hover (and by a screen reader, from the text).
            assert row["hasTitle"], row
        app.screenshot(f"meetings-{width}")
