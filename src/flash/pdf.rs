//! The flash as the cabinet files it: the composed structure laid out as seed 002 lays out a
//! flash (mail header, `Meeting report:` and the title in bold, date, participants, objective,
//! the main points by party, next steps, signature), typeset by [`crate::pdf`].

use chrono::{DateTime, Utc};

use super::compose::Flash;
use super::text::{header_lines, next_step_parts, point_party};
use crate::pdf::{typeset, Block, Document, HeadingLevel, Metadata, PageSetup, Pdf, PdfError, Run};

/// Space between the last bullet and the signature block, in points.
const BEFORE_SIGNATURE: f32 = 16.0;

/// The typesetter's document for `flash`, created at `created` (the PDF's creation date).
pub fn document(flash: &Flash, created: DateTime<Utc>) -> Document {
    let mut blocks = Vec::new();
    blocks.push(Block::SmallLines(
        header_lines(flash)
            .into_iter()
            .map(|(label, value)| vec![Run::bold(format!("{label} ")), Run::regular(value)])
            .collect(),
    ));
    blocks.push(Block::Rule);
    blocks.push(Block::Heading {
        level: HeadingLevel::Title,
        runs: vec![Run::regular("Meeting report: "), Run::bold(flash.title.clone())],
    });
    blocks.push(Block::Labelled { label: "Date:".into(), value: vec![Run::bold(flash.date.clone())] });
    let participants = flash.participants.line();
    if !participants.is_empty() {
        blocks.push(Block::Labelled { label: "Participants:".into(), value: vec![Run::regular(participants)] });
    }
    if let Some(objective) = &flash.objective {
        blocks.push(Block::Labelled {
            label: "Objective of the meeting:".into(),
            value: vec![Run::regular(objective.clone())],
        });
    }
    if !flash.points.is_empty() {
        blocks.push(Block::heading(HeadingLevel::Section, "Main points discussed:"));
        for point in &flash.points {
            let mut runs = Vec::with_capacity(2);
            match point_party(point) {
                Some(party) => {
                    runs.push(Run::bold(party));
                    runs.push(Run::regular(format!(" {}", point.text)));
                }
                None => runs.push(Run::regular(point.text.clone())),
            }
            blocks.push(Block::Bullet { level: point.level, runs });
        }
    }
    if !flash.next_steps.is_empty() {
        blocks.push(Block::heading(HeadingLevel::Section, "Next steps:"));
        for step in &flash.next_steps {
            let (owners, text) = next_step_parts(step);
            let runs = if owners.is_empty() {
                vec![Run::regular(text)]
            } else {
                vec![Run::bold(format!("{owners}:")), Run::regular(format!(" {text}"))]
            };
            blocks.push(Block::Bullet { level: 0, runs });
        }
    }
    for figures in &flash.figures {
        blocks.push(Block::heading(HeadingLevel::Section, format!("{}:", figures.title)));
        blocks.push(Block::Table { header: figures.header.clone(), rows: figures.rows.clone() });
    }
    let mut signature = Vec::new();
    if let Some(sender) = &flash.signature.sender {
        signature.push(vec![Run::regular(sender.clone())]);
    }
    for (k, line) in flash.signature.office.iter().enumerate() {
        signature.push(vec![if k == 0 { Run::bold(line.clone()) } else { Run::regular(line.clone()) }]);
    }
    if !signature.is_empty() {
        blocks.push(Block::Space(BEFORE_SIGNATURE));
        blocks.push(Block::SmallLines(signature));
    }

    Document {
        page: PageSetup::A4,
        metadata: Metadata {
            title: flash.metadata.title.clone(),
            author: flash.metadata.author.clone(),
            subject: flash.metadata.subject.clone(),
            keywords: flash.metadata.keywords.clone(),
            created,
        },
        footer: Some(flash.footer.clone()).filter(|f| !f.is_empty()),
        blocks,
    }
}

/// The PDF of `flash`.
pub fn render(flash: &Flash, created: DateTime<Utc>) -> Result<Pdf, PdfError> {
    typeset(&document(flash, created))
}
