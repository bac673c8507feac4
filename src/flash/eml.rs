//! The flash as an e-mail draft (RFC 5322, `.eml`): From, To, Cc and Subject from the flash's
//! header, the flash as plain text and as HTML, the PDF attached, and `X-Unsent: 1`, which
//! makes Outlook open the file as a draft to send rather than as a received message. Built
//! with `mail-builder`; the Date and Message-ID are given, so nothing here reads the clock or
//! the host's name.
//!
//! Only people with an address can be addressed: the others are named in the body's header
//! lines (as in the PDF) and listed in [`Flash::without_email`] for the caller to tell.

use chrono::{DateTime, Utc};
use mail_builder::headers::address::Address;
use mail_builder::headers::raw::Raw;
use mail_builder::MessageBuilder;

use super::compose::{Addressee, Flash};
use super::text::{self, header_lines, next_step_parts, point_party};
use crate::error::{Error, Result};

fn address(a: &Addressee) -> Option<Address<'static>> {
    a.email.as_ref().map(|email| Address::from((a.name.clone(), email.clone())))
}

fn list(addressees: &[Addressee]) -> Option<Address<'static>> {
    let list: Vec<Address<'static>> = addressees.iter().filter_map(address).collect();
    if list.is_empty() {
        None
    } else {
        Some(Address::new_list(list))
    }
}

/// `text` safe inside HTML, line breaks kept.
fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The flash as the HTML body: the same text as the plain one, with the bold of the PDF.
pub fn html_body(flash: &Flash) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: sans-serif; font-size: 10pt\">\n",
    );
    // The header lines of people who cannot be addressed: the body names them.
    let unaddressed = flash.header.to.iter().chain(&flash.header.cc).any(|a| a.email.is_none());
    if unaddressed {
        out.push_str("<p>");
        for (label, value) in header_lines(flash).into_iter().filter(|(l, _)| matches!(*l, "To:" | "Cc:")) {
            out.push_str(&format!("<b>{}</b> {}<br>\n", html(label), html(&value)));
        }
        out.push_str("</p>\n");
    }
    out.push_str(&format!("<p>Meeting report: <b>{}</b></p>\n", html(&flash.title)));
    out.push_str(&format!("<p><b>Date: {}</b></p>\n", html(&flash.date)));
    let participants = flash.participants.line();
    if !participants.is_empty() {
        out.push_str(&format!("<p><b>Participants:</b> {}</p>\n", html(&participants)));
    }
    if let Some(objective) = &flash.objective {
        out.push_str(&format!("<p><b>Objective of the meeting:</b> {}</p>\n", html(objective)));
    }
    if !flash.points.is_empty() {
        out.push_str("<p><b>Main points discussed:</b></p>\n");
        // Nested lists from the levels: open one per level down, close one per level up.
        let mut depth = 0usize;
        for point in &flash.points {
            let level = usize::from(point.level) + 1;
            if level > depth {
                for _ in depth..level {
                    out.push_str("<ul>");
                }
            } else {
                out.push_str("</li>");
                for _ in level..depth {
                    out.push_str("</ul></li>");
                }
            }
            depth = level;
            out.push_str("\n<li>");
            if let Some(party) = point_party(point) {
                out.push_str(&format!("<b>{}</b> ", html(&party)));
            }
            out.push_str(&html(&point.text));
        }
        out.push_str("</li>");
        for _ in 1..depth {
            out.push_str("</ul></li>");
        }
        out.push_str("</ul>\n");
    }
    if !flash.next_steps.is_empty() {
        out.push_str("<p><b>Next steps:</b></p>\n<ul>\n");
        for step in &flash.next_steps {
            let (owners, text) = next_step_parts(step);
            if owners.is_empty() {
                out.push_str(&format!("<li>{}</li>\n", html(&text)));
            } else {
                out.push_str(&format!("<li><b>{}:</b> {}</li>\n", html(&owners), html(&text)));
            }
        }
        out.push_str("</ul>\n");
    }
    let mut signature = Vec::new();
    if let Some(sender) = &flash.signature.sender {
        signature.push(html(sender));
    }
    for (k, line) in flash.signature.office.iter().enumerate() {
        signature.push(if k == 0 { format!("<b>{}</b>", html(line)) } else { html(line) });
    }
    if !signature.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", signature.join("<br>\n")));
    }
    out.push_str("</body></html>\n");
    out
}

/// The plain-text body: the flash without the mail header, but with the To and Cc lines when
/// someone there has no address, so nobody is dropped silently.
pub fn text_body(flash: &Flash) -> String {
    let unaddressed = flash.header.to.iter().chain(&flash.header.cc).any(|a| a.email.is_none());
    let mut out = String::new();
    if unaddressed {
        for (label, value) in header_lines(flash).into_iter().filter(|(l, _)| matches!(*l, "To:" | "Cc:")) {
            out.push_str(&format!("{label} {value}\n"));
        }
        out.push('\n');
    }
    out.push_str(&text::body(flash));
    out
}

/// The e-mail draft of `flash` with `pdf` attached as `file_name`, dated `created`.
pub fn render(flash: &Flash, pdf: &[u8], file_name: &str, created: DateTime<Utc>) -> Result<Vec<u8>> {
    let header = &flash.header;
    let key: String =
        flash.meeting.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')).collect();
    let key = if key.is_empty() { "meeting".to_string() } else { key };
    let version = if flash.redacted { "release" } else { "internal" };
    let mut message = MessageBuilder::new()
        .message_id(format!("flash.{key}.{version}.{}@code-register.invalid", created.timestamp()))
        .date(created.timestamp())
        .header("X-Unsent", Raw::new("1"))
        .subject(header.subject.clone());
    if let Some(from) = header.from.as_ref().and_then(address) {
        message = message.from(from);
    }
    if let Some(to) = list(&header.to) {
        message = message.to(to);
    }
    if let Some(cc) = list(&header.cc) {
        message = message.cc(cc);
    }
    message
        .text_body(text_body(flash))
        .html_body(html_body(flash))
        .attachment("application/pdf", file_name.to_string(), pdf.to_vec())
        .write_to_vec()
        .map_err(|e| Error::io("the e-mail draft", e))
}
