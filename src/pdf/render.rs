//! The pages as printpdf operations, and the file.
//!
//! Every line of text is its own text section (`BT … ET`): printpdf writes a text cursor as a
//! `Td`, which moves relative to the start of the current line, so a fresh section per line keeps
//! every position absolute; and text outside a section is dropped by viewers.

use printpdf::{
    Color, FontId, Greyscale, Line as PathLine, LinePoint, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, TextItem,
};

use super::fonts::Faces;
use super::layout::{Line, Placed, Segment};
use super::{text, Geometry, Metadata, Style, FOOTER, FOOTER_GAP, FOOTER_LEADING, RULE_HEIGHT};

/// Text on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TextLine {
    /// Where the text starts, right of the left margin.
    pub(crate) x: f32,
    /// The baseline, below the top of the line's box.
    pub(crate) baseline: f32,
    pub(crate) size: f32,
    pub(crate) segments: Vec<Segment>,
}

/// What one stacked item draws.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Draw {
    Text(TextLine),
    /// A rule across the text width, in the middle of its box.
    Rule,
}

/// The running page number, `page X of Y`.
fn page_number(page: usize, pages: usize) -> String {
    format!("page {page} of {pages}")
}

fn width_pt(faces: &Faces, style: Style, text: &str, size: f32) -> f32 {
    let face = faces.face(style);
    let milli: u64 = text.chars().map(|c| u64::from(face.advance(c))).sum();
    milli as f32 * size / 1000.0
}

/// The width the page number may take, right of the footer text.
pub(crate) fn page_number_room(faces: &Faces) -> f32 {
    width_pt(faces, Style::Regular, &page_number(8888, 8888), FOOTER)
}

/// The faces' ids in the document, for those the document uses.
struct FontIds {
    regular: Option<FontId>,
    bold: Option<FontId>,
    italic: Option<FontId>,
}

impl FontIds {
    fn get(&self, style: Style) -> Option<&FontId> {
        match style {
            Style::Regular => self.regular.as_ref(),
            Style::Bold => self.bold.as_ref(),
            Style::Italic => self.italic.as_ref(),
        }
    }
}

/// A character as it goes into the content stream. A no-break space is drawn with the space's
/// glyph, which it shares in Noto Sans: a glyph has one text in the PDF's `/ToUnicode` map, and
/// one no-break space would otherwise make every space of the document extract as one.
fn for_stream(text: &str) -> String {
    text.replace('\u{00A0}', " ")
}

fn show(ops: &mut Vec<Op>, ids: &FontIds, x: f32, y: f32, size: f32, segments: &[Segment]) {
    ops.push(Op::StartTextSection);
    ops.push(Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(y) } });
    for segment in segments {
        if segment.text.is_empty() {
            continue;
        }
        // Every style used has its id (see `render`); a missing one would only lose a segment.
        if let Some(id) = ids.get(segment.style) {
            ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(size) });
            ops.push(Op::ShowText { items: vec![TextItem::Text(for_stream(&segment.text))] });
        }
    }
    ops.push(Op::EndTextSection);
}

fn pdf_date(at: &chrono::DateTime<chrono::Utc>) -> printpdf::DateTime {
    use chrono::{Datelike, Timelike};
    let small = |v: u32| u8::try_from(v).unwrap_or(0);
    printpdf::DateTime {
        date: printpdf::Date { year: at.year(), month: small(at.month()), day: small(at.day()) },
        time: printpdf::Time {
            hour: small(at.hour()),
            minute: small(at.minute()),
            second: small(at.second()),
            millisecond: 0,
        },
        offset: printpdf::Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    }
}

/// The PDF of the stacked pages, with `footer` and `page X of Y` on each; and printpdf's
/// warnings.
pub(crate) fn render(
    pages: &[Vec<Placed<Vec<Draw>>>],
    footer: &[Line],
    metadata: &Metadata,
    g: &Geometry,
    faces: &Faces,
) -> (Vec<u8>, Vec<String>) {
    let mut doc = PdfDocument::new(&text::plain(&metadata.title));
    let info = &mut doc.metadata.info;
    info.author = text::plain(&metadata.author);
    info.subject = text::plain(&metadata.subject);
    info.keywords = metadata.keywords.iter().map(|k| text::plain(k)).filter(|k| !k.is_empty()).collect();
    info.creator = "Code Register".to_string();
    info.producer = "Code Register (printpdf 0.12.8)".to_string();
    let created = pdf_date(&metadata.created);
    info.creation_date = created;
    info.modification_date = created;
    info.metadata_date = created;

    // Only the faces the document uses are embedded. The page numbers are set in Regular.
    let mut used = [false; 3];
    used[0] = true;
    let segments = pages
        .iter()
        .flatten()
        .flat_map(|placed| placed.content.iter())
        .filter_map(|draw| if let Draw::Text(line) = draw { Some(line.segments.iter()) } else { None })
        .flatten();
    for segment in segments {
        used[segment.style as usize] = true;
    }
    let ids = FontIds {
        regular: used[0].then(|| doc.add_font(&faces.face(Style::Regular).parsed)),
        bold: used[1].then(|| doc.add_font(&faces.face(Style::Bold).parsed)),
        italic: used[2].then(|| doc.add_font(&faces.face(Style::Italic).parsed)),
    };

    let count = pages.len().max(1);
    let text_top = g.height - g.top;
    let footer_baseline = g.bottom - FOOTER_GAP - FOOTER;
    let empty = Vec::new();
    let mut pdf_pages = Vec::with_capacity(count);
    for number in 1..=count {
        let placed = pages.get(number - 1).unwrap_or(&empty);
        let mut ops = Vec::new();
        for item in placed {
            for draw in &item.content {
                match draw {
                    Draw::Text(line) => {
                        let y = text_top - item.top - line.baseline;
                        show(&mut ops, &ids, g.left + line.x, y, line.size, &line.segments);
                    }
                    Draw::Rule => {
                        let y = text_top - item.top - RULE_HEIGHT / 2.0;
                        let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
                        ops.push(Op::SaveGraphicsState);
                        ops.push(Op::SetOutlineColor {
                            col: Color::Greyscale(Greyscale { percent: 0.55, icc_profile: None }),
                        });
                        ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
                        ops.push(Op::DrawLine {
                            line: PathLine { points: vec![point(g.left), point(g.width - g.right)], is_closed: false },
                        });
                        ops.push(Op::RestoreGraphicsState);
                    }
                }
            }
        }
        for (k, line) in footer.iter().enumerate() {
            let y = footer_baseline - FOOTER_LEADING * k as f32;
            show(&mut ops, &ids, g.left, y, FOOTER, &line.segments);
        }
        let label = page_number(number, count);
        let x = g.width - g.right - width_pt(faces, Style::Regular, &label, FOOTER);
        let segment = Segment { style: Style::Regular, text: label };
        show(&mut ops, &ids, x, footer_baseline, FOOTER, std::slice::from_ref(&segment));
        pdf_pages.push(PdfPage::new(printpdf::Mm(g.width_mm), printpdf::Mm(g.height_mm), ops));
    }
    doc.pages = pdf_pages;

    let options = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let bytes = doc.save(&options, &mut warnings);
    let messages = warnings.into_iter().map(|w| format!("{:?} (page {}): {}", w.severity, w.page, w.msg)).collect();
    (bytes, messages)
}
