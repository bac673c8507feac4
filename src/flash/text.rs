//! The flash as plain text: what `code-register flash --text` prints, what the window's text
//! view shows, and (without the mail header) the plain-text body of the e-mail draft.

use super::compose::{Addressee, Flash, FlashPoint, NextStep};

/// `BUSA Lucrezia (CAB-REYNDERS); …`.
pub(crate) fn addressees(list: &[Addressee]) -> String {
    list.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join("; ")
}

/// The mail header's lines as (label, value), the lines without a value left out.
pub(crate) fn header_lines(flash: &Flash) -> Vec<(&'static str, String)> {
    let h = &flash.header;
    let mut lines = Vec::new();
    if let Some(from) = &h.from {
        lines.push(("From:", from.name.clone()));
    }
    if let Some(sent) = &h.sent {
        lines.push(("Sent:", sent.clone()));
    }
    if !h.to.is_empty() {
        lines.push(("To:", addressees(&h.to)));
    }
    if !h.cc.is_empty() {
        lines.push(("Cc:", addressees(&h.cc)));
    }
    lines.push(("Subject:", h.subject.clone()));
    lines
}

/// A next step as one line: `YouTube, TikTok: Organise a workshop (autumn 2021)`.
pub(crate) fn next_step_parts(step: &NextStep) -> (String, String) {
    let owners = step.owners.join(", ");
    let text = match &step.due {
        Some(due) => format!("{} ({due})", step.title),
        None => step.title.clone(),
    };
    (owners, text)
}

/// The party in front of a point's text: `CAB Reynders: `.
pub(crate) fn point_party(point: &FlashPoint) -> Option<String> {
    point.party.as_ref().map(|p| format!("{p}:"))
}

/// Indents every line of `text` after the first by `indent`.
fn hanging(text: &str, indent: &str) -> String {
    text.split('\n').collect::<Vec<_>>().join(&format!("\n{indent}"))
}

/// The whole flash as text, mail header included.
pub fn render(flash: &Flash) -> String {
    let mut out = String::new();
    for (label, value) in header_lines(flash) {
        out.push_str(&format!("{label} {value}\n"));
    }
    out.push('\n');
    out.push_str(&body(flash));
    out
}

/// The flash without its mail header: the body of the e-mail.
pub fn body(flash: &Flash) -> String {
    let mut out = String::new();
    out.push_str(&format!("Meeting report: {}\n\n", flash.title));
    out.push_str(&format!("Date: {}\n\n", flash.date));
    let participants = flash.participants.line();
    if !participants.is_empty() {
        out.push_str(&format!("Participants: {participants}\n\n"));
    }
    if let Some(objective) = &flash.objective {
        out.push_str(&format!("Objective of the meeting: {objective}\n\n"));
    }
    if !flash.points.is_empty() {
        out.push_str("Main points discussed:\n");
        for point in &flash.points {
            let indent = "  ".repeat(usize::from(point.level));
            let marker = if point.level == 0 { "•" } else { "–" };
            let text = match point_party(point) {
                Some(party) => format!("{party} {}", point.text),
                None => point.text.clone(),
            };
            out.push_str(&format!("{indent}{marker} {}\n", hanging(&text, &format!("{indent}  "))));
        }
        out.push('\n');
    }
    if !flash.next_steps.is_empty() {
        out.push_str("Next steps:\n");
        for step in &flash.next_steps {
            let (owners, text) = next_step_parts(step);
            if owners.is_empty() {
                out.push_str(&format!("• {}\n", hanging(&text, "  ")));
            } else {
                out.push_str(&format!("• {owners}: {}\n", hanging(&text, "  ")));
            }
        }
        out.push('\n');
    }
    for figures in &flash.figures {
        out.push_str(&format!("{}:\n", figures.title));
        for row in &figures.rows {
            let cells: Vec<String> = figures
                .header
                .iter()
                .zip(row)
                .skip(1)
                .filter(|(_, cell)| cell.as_str() != "–")
                .map(|(label, cell)| format!("{label} {cell}"))
                .collect();
            let name = row.first().map(String::as_str).unwrap_or_default();
            out.push_str(&format!("• {name}: {}\n", hanging(&cells.join("; "), "  ")));
        }
        out.push('\n');
    }
    for line in flash.signature.sender.iter().chain(&flash.signature.office) {
        out.push_str(line);
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}
