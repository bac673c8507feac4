//! The pages as printpdf operations, and the file.
//!
//! All the text of a page is in one text section (`BT … ET`; viewers drop text outside one), each
//! line placed by an absolute text matrix (`Tm`), the font set only when it changes: the content
//! streams stay small, and compressing them is most of the time a document takes. Rules and
//! charts' paths are drawn outside the text section, where path operators belong.

use std::collections::BTreeSet;

use printpdf::{
    Color, FontId, Greyscale, Line as PathLine, LinePoint, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder,
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

/// A path of a chart: points right of the left margin and below the top of the item's box.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Path {
    /// Red, green, blue, 0 to 1.
    pub(crate) rgb: (f32, f32, f32),
    /// The stroke's width; a filled path has none.
    pub(crate) width: f32,
    pub(crate) points: Vec<(f32, f32)>,
    /// Filled and closed (a dot), else stroked open (a line).
    pub(crate) filled: bool,
}

/// What one stacked item draws.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Draw {
    Text(TextLine),
    /// A rule across the text width, in the middle of its box.
    Rule,
    /// A chart's line, axis or dot, drawn as a PDF path (vector, not a picture).
    Path(Path),
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

/// Writes the text of one page into a text section.
struct TextWriter<'a> {
    ops: Vec<Op>,
    ids: &'a FontIds,
    /// The font and size last set, as (style, size in hundredths of a point).
    current: Option<(Style, u32)>,
}

impl<'a> TextWriter<'a> {
    fn new(ids: &'a FontIds) -> Self {
        TextWriter { ops: vec![Op::StartTextSection], ids, current: None }
    }

    fn line(&mut self, x: f32, y: f32, size: f32, segments: &[Segment]) {
        self.ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(y)) });
        for segment in segments {
            if segment.text.is_empty() {
                continue;
            }
            // Every style used has its id (see `render`); a missing one would only lose a segment.
            let Some(id) = self.ids.get(segment.style) else { continue };
            let key = (segment.style, (size * 100.0).round() as u32);
            if self.current != Some(key) {
                self.ops.push(Op::SetFont { font: PdfFontHandle::External(id.clone()), size: Pt(size) });
                self.current = Some(key);
            }
            self.ops.push(Op::ShowText { items: vec![TextItem::Text(for_stream(&segment.text))] });
        }
    }

    fn finish(mut self) -> Vec<Op> {
        self.ops.push(Op::EndTextSection);
        self.ops
    }
}

/// A subset's tag (`ABCDEF+NotoSans-Regular`): six capitals from a hash of the face and the
/// characters it shows, so that the same text gives the same file and different subsets get
/// different tags. Also the font's resource name in the pages.
fn subset_tag(face: Style, chars: &BTreeSet<char>, taken: &[String]) -> String {
    // FNV-1a, 64 bits.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(face as u8);
    for ch in chars {
        for byte in u32::from(*ch).to_le_bytes() {
            eat(byte);
        }
    }
    loop {
        let mut h = hash;
        let tag: String = (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (h % 26) as u8);
                h /= 26;
                letter
            })
            .collect();
        if !taken.contains(&tag) {
            return tag;
        }
        hash = hash.rotate_left(17) ^ 0x9e37_79b9_7f4a_7c15;
    }
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

    // Only the faces the document uses are embedded, each named by its subset's tag. The page
    // numbers are set in Regular.
    let mut used: [BTreeSet<char>; 3] = Default::default();
    used[Style::Regular as usize].extend("page of 0123456789".chars());
    let segments = pages
        .iter()
        .flatten()
        .flat_map(|placed| placed.content.iter())
        .filter_map(|draw| if let Draw::Text(line) = draw { Some(line.segments.iter()) } else { None })
        .flatten()
        .chain(footer.iter().flat_map(|line| line.segments.iter()));
    for segment in segments {
        used[segment.style as usize].extend(for_stream(&segment.text).chars());
    }
    let mut taken = Vec::new();
    let mut add = |style: Style| {
        let chars = &used[style as usize];
        if chars.is_empty() {
            return None;
        }
        let id = FontId(subset_tag(style, chars, &taken));
        taken.push(id.0.clone());
        doc.resources.fonts.map.insert(id.clone(), PdfFont::new(faces.face(style).parsed.clone()));
        Some(id)
    };
    let ids = FontIds { regular: add(Style::Regular), bold: add(Style::Bold), italic: add(Style::Italic) };

    let count = pages.len().max(1);
    let text_top = g.height - g.top;
    let footer_baseline = g.bottom - FOOTER_GAP - FOOTER;
    let empty = Vec::new();
    let mut pdf_pages = Vec::with_capacity(count);
    for number in 1..=count {
        let placed = pages.get(number - 1).unwrap_or(&empty);
        let mut ops = Vec::new();
        let mut text = TextWriter::new(&ids);
        for item in placed {
            for draw in &item.content {
                match draw {
                    Draw::Text(line) => {
                        let y = text_top - item.top - line.baseline;
                        text.line(g.left + line.x, y, line.size, &line.segments);
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
                    Draw::Path(path) => {
                        let top = text_top - item.top;
                        let points: Vec<LinePoint> = path
                            .points
                            .iter()
                            .map(|&(x, y)| LinePoint { p: Point { x: Pt(g.left + x), y: Pt(top - y) }, bezier: false })
                            .collect();
                        let (r, gr, b) = path.rgb;
                        let colour = Color::Rgb(Rgb { r, g: gr, b, icc_profile: None });
                        ops.push(Op::SaveGraphicsState);
                        if path.filled {
                            ops.push(Op::SetFillColor { col: colour });
                            ops.push(Op::DrawPolygon {
                                polygon: Polygon {
                                    rings: vec![PolygonRing { points }],
                                    mode: PaintMode::Fill,
                                    winding_order: WindingOrder::NonZero,
                                },
                            });
                        } else {
                            ops.push(Op::SetOutlineColor { col: colour });
                            ops.push(Op::SetOutlineThickness { pt: Pt(path.width) });
                            ops.push(Op::DrawLine { line: PathLine { points, is_closed: false } });
                        }
                        ops.push(Op::RestoreGraphicsState);
                    }
                }
            }
        }
        for (k, line) in footer.iter().enumerate() {
            let y = footer_baseline - FOOTER_LEADING * k as f32;
            text.line(g.left, y, FOOTER, &line.segments);
        }
        let label = page_number(number, count);
        let x = g.width - g.right - width_pt(faces, Style::Regular, &label, FOOTER);
        let segment = Segment { style: Style::Regular, text: label };
        text.line(x, footer_baseline, FOOTER, std::slice::from_ref(&segment));
        ops.extend(text.finish());
        pdf_pages.push(PdfPage::new(printpdf::Mm(g.width_mm), printpdf::Mm(g.height_mm), ops));
    }
    doc.pages = pdf_pages;

    // Streams compressed here rather than by `optimize`, whose zlib runs at its best level: a
    // third of a one-page flash's time for a file a few per cent smaller.
    let options = PdfSaveOptions { optimize: false, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut document = doc.to_lopdf_document(&options, &mut warnings);
    compress_streams(&mut document);
    let mut bytes = Vec::new();
    if let Err(e) = document.save_to(&mut bytes) {
        // Writing to memory fails only if lopdf cannot write an object; said like printpdf's warnings.
        warnings.push(printpdf::PdfWarnMsg::error(0, 0, format!("the PDF could not be written: {e}")));
    }
    let messages = warnings.into_iter().map(|w| format!("{:?} (page {}): {}", w.severity, w.page, w.msg)).collect();
    (bytes, messages)
}

/// Compresses every stream that may be (as lopdf's `compress` does) with zlib's default level,
/// keeping a stream as it is when compressing does not make it smaller.
fn compress_streams(document: &mut lopdf::Document) {
    use std::io::Write as _;
    for object in document.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else { continue };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let Ok(compressed) = encoder.write_all(&stream.content).and_then(|()| encoder.finish()) else { continue };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}
