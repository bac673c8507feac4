//! How records read in a terminal. Text from the register is shown through `printable` (in
//! tables by `Table`), so no record can carry a control character to the terminal.

use code_register::error::Result;
use code_register::model::{Meeting, Point};
use code_register::store::{ActionRow, Labels, MeetingRow, SearchHit, Store};
use code_register::text::printable;

use super::table::Table;

fn date_time(local: &str) -> (String, String) {
    (local.get(..10).unwrap_or(local).to_string(), local.get(11..16).unwrap_or("").to_string())
}

pub fn meetings(rows: &[MeetingRow]) -> String {
    if rows.is_empty() {
        return "No meetings match.\n".into();
    }
    let mut t = Table::new(&[
        ("DATE", None),
        ("TIME", None),
        ("STATUS", None),
        ("KIND", None),
        ("TITLE", Some(64)),
        ("KEY", None),
    ]);
    for r in rows {
        let (date, time) = date_time(&r.start);
        t.row(vec![date, time, r.status.to_string(), r.kind.to_string(), r.title.clone(), r.key.clone()]);
    }
    t.render()
}

pub fn actions(rows: &[ActionRow]) -> String {
    if rows.is_empty() {
        return "No actions match.\n".into();
    }
    let mut t = Table::new(&[
        ("DUE", None),
        ("STATUS", None),
        ("OWNERS", Some(28)),
        ("ACTION", Some(56)),
        ("KEY", None),
        ("MEETING", None),
    ]);
    for r in rows {
        let due = match (&r.due, &r.due_period) {
            (Some(d), _) => d.clone(),
            (None, Some(p)) => p.clone(),
            (None, None) => "-".into(),
        };
        let status = if r.overdue { format!("{} (overdue)", r.status) } else { r.status.to_string() };
        let owners = r.owners.iter().map(|o| o.name.as_str()).collect::<Vec<_>>().join(", ");
        t.row(vec![due, status, owners, r.title.clone(), r.key.clone(), r.meeting.clone()]);
    }
    t.render()
}

pub fn hits(hits: &[SearchHit]) -> String {
    if hits.is_empty() {
        return "Nothing found.\n".into();
    }
    let mut out = String::new();
    for h in hits {
        let kind = serde_json::to_value(h.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let line = |text: &str| printable(&text.replace(['\n', '\r', '\t'], " ")).into_owned();
        out.push_str(&format!(
            "{kind:<12} {:<10}  {}  [{}]\n             {}\n",
            line(h.date.as_deref().unwrap_or("")),
            line(&h.title),
            line(&h.key),
            line(&h.excerpt)
        ));
    }
    out
}

/// Wraps `text` at `width` columns, every line indented by `indent`; unprintable characters
/// show as escapes.
fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let word = printable(word);
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word);
        }
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn points(out: &mut String, labels: &Labels, list: &[Point], depth: usize) {
    for p in list {
        let indent = "  ".repeat(depth + 1);
        let text = match &p.by {
            Some(by) => format!("{}: {}", labels.of(by), p.text),
            None => p.text.clone(),
        };
        let wrapped = wrap(&text, &format!("{indent}  "), 88usize.saturating_sub(indent.len()));
        out.push_str(&indent);
        out.push_str("- ");
        out.push_str(wrapped.trim_start());
        points(out, labels, &p.points, depth + 1);
    }
}

pub fn meeting(store: &Store, m: &Meeting) -> Result<String> {
    let labels = store.labels()?;
    let mut out = String::new();
    out.push_str(&wrap(&m.title, "", 90));
    out.push('\n');
    let (start_date, start_time) = date_time(&m.start);
    let (end_date, end_time) = date_time(&m.end);
    let until = if start_date == end_date { end_time } else { format!("{end_date} {end_time}") };
    let field = |out: &mut String, name: &str, value: &str| {
        out.push_str(&format!("  {name:<11}{}\n", printable(&value.replace(['\n', '\r', '\t'], " "))))
    };
    field(&mut out, "key", &m.key);
    field(&mut out, "when", &format!("{start_date} {start_time}–{until} ({})", m.timezone));
    field(&mut out, "kind", &format!("{}, {}", m.kind, m.status));
    if !m.codes.is_empty() {
        field(&mut out, "codes", &m.codes.join(", "));
    }
    if let Some(l) = &m.location {
        field(&mut out, "location", l);
    }
    if let Some(o) = &m.organiser {
        field(&mut out, "organiser", &labels.of(o));
    }
    if let Some(a) = &m.follow_up_of {
        field(&mut out, "follows up", a);
    }
    if let Some(objective) = &m.objective {
        out.push_str("\nObjective\n");
        out.push_str(&wrap(objective, "  ", 88));
    }
    if !m.participants.is_empty() {
        out.push_str(&format!("\nParticipants ({})\n", m.participants.len()));
        for p in &m.participants {
            let who = p.person.as_deref().or(p.organisation.as_deref()).map(|k| labels.of(k)).unwrap_or_default();
            out.push_str(&format!("  {}: {}, {}, {}\n", printable(&who), p.role, p.attendance, p.response));
        }
    }
    if !m.points.is_empty() {
        out.push_str("\nPoints discussed\n");
        points(&mut out, &labels, &m.points, 0);
    }
    if !m.actions.is_empty() {
        out.push_str("\nAgreed actions\n");
        for a in &m.actions {
            let owners = a.owners.iter().map(|o| labels.of(o)).collect::<Vec<_>>().join(", ");
            let due = match (&a.due, &a.due_period) {
                (Some(d), Some(p)) => format!("due {d} ({p})"),
                (Some(d), None) => format!("due {d}"),
                (None, Some(p)) => format!("due {p}"),
                (None, None) => "no due date".into(),
            };
            out.push_str(&wrap(&format!("[{}] {} — {owners} — {due}  ({})", a.status, a.title, a.key), "  ", 88));
            for f in &a.follow_ups {
                out.push_str(&wrap(&format!("{}: {}", f.date, f.text), "      ", 82));
            }
        }
    }
    if let Some(f) = &m.flash {
        out.push_str("\nFlash\n");
        field(&mut out, "from", &labels.of(&f.from));
        if !f.to.is_empty() {
            field(&mut out, "to", &f.to.iter().map(|k| labels.of(k)).collect::<Vec<_>>().join("; "));
        }
        if !f.cc.is_empty() {
            field(&mut out, "cc", &f.cc.iter().map(|k| labels.of(k)).collect::<Vec<_>>().join("; "));
        }
        field(&mut out, "subject", &f.subject);
        if let Some(sent) = &f.sent {
            field(&mut out, "sent", &sent.replace('T', " "));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn wrapped_text_shows_control_characters_as_escapes() {
        let out = super::wrap("Title\u{1b}[2J with\ta\r\nsecond \u{202e}line", "  ", 88);
        assert_eq!(out, "  Title\\u{1b}[2J with a\n  second \\u{202e}line\n");
    }
}
