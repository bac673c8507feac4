//! A picture of one page of a flash's PDF, drawn from the PDF's own bytes: what the window
//! shows as the page preview. Nothing is laid out again here: the page's content stream is
//! read back (lopdf), each glyph is drawn from the embedded subset font's outline at the
//! position the PDF gives it, and the rules as the PDF strokes them. The preview is therefore
//! the PDF, subset fonts, redactions and page breaks included, not a second rendering of the
//! flash that might drift from it.
//!
//! It reads only what the typesetter ([`crate::pdf`]) writes: Type0 fonts with `Identity-H`
//! encoding over TrueType subsets (`/FontFile2`), text placed by `Tm` and shown by `Tj`/`TJ`,
//! stroked straight lines. The picture is grey, 8 bits a pixel, a PNG.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};

use crate::error::{Error, Result};

/// The resolution of the window's preview: an A4 page is 827 by 1169 pixels.
pub const PREVIEW_DPI: f32 = 100.0;

/// A page pictured.
pub struct Picture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn bad(what: impl std::fmt::Display) -> Error {
    Error::io("the flash's preview", std::io::Error::other(format!("the PDF could not be read back ({what})")))
}

// ---------------------------------------------------------------------------------------------
// TrueType outlines

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn i16_at(b: &[u8], at: usize) -> Option<i16> {
    u16_at(b, at).map(|v| v as i16)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([*b.get(at)?, *b.get(at + 1)?, *b.get(at + 2)?, *b.get(at + 3)?]))
}

/// A point of a glyph's contour, in font units, and whether the outline passes through it.
#[derive(Clone, Copy, Debug)]
struct OutlinePoint {
    x: f32,
    y: f32,
    on: bool,
}

/// The glyphs of one embedded TrueType font.
struct Font {
    bytes: Vec<u8>,
    units_per_em: f32,
    loca: Vec<usize>,
    glyf: usize,
    hmtx: usize,
    metrics: usize,
    /// Each glyph's contours, read on first use.
    cache: HashMap<u16, Vec<Vec<OutlinePoint>>>,
}

impl Font {
    fn parse(bytes: Vec<u8>) -> Option<Font> {
        let tables = usize::from(u16_at(&bytes, 4)?);
        let mut found: HashMap<[u8; 4], usize> = HashMap::new();
        for k in 0..tables {
            let record = 12 + 16 * k;
            let tag = bytes.get(record..record + 4)?;
            found.insert([tag[0], tag[1], tag[2], tag[3]], u32_at(&bytes, record + 8)? as usize);
        }
        let head = *found.get(b"head")?;
        let units_per_em = f32::from(u16_at(&bytes, head + 18)?.max(1));
        let long = i16_at(&bytes, head + 50)? != 0;
        let glyphs = usize::from(u16_at(&bytes, *found.get(b"maxp")? + 4)?);
        let metrics = usize::from(u16_at(&bytes, *found.get(b"hhea")? + 34)?);
        let loca_at = *found.get(b"loca")?;
        let loca = (0..=glyphs)
            .map(|g| {
                if long {
                    u32_at(&bytes, loca_at + 4 * g).map(|v| v as usize)
                } else {
                    u16_at(&bytes, loca_at + 2 * g).map(|v| 2 * usize::from(v))
                }
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Font {
            units_per_em,
            loca,
            glyf: *found.get(b"glyf")?,
            hmtx: *found.get(b"hmtx")?,
            metrics,
            bytes,
            cache: HashMap::new(),
        })
    }

    /// The advance of `gid` in font units.
    fn advance(&self, gid: u16) -> f32 {
        let index = usize::from(gid).min(self.metrics.saturating_sub(1));
        u16_at(&self.bytes, self.hmtx + 4 * index).map_or(0.0, f32::from)
    }

    fn contours(&mut self, gid: u16) -> &[Vec<OutlinePoint>] {
        if !self.cache.contains_key(&gid) {
            let mut contours = Vec::new();
            self.read_glyph(gid, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], 0, &mut contours);
            self.cache.insert(gid, contours);
        }
        self.cache.get(&gid).map_or(&[], Vec::as_slice)
    }

    /// Appends the contours of `gid`, transformed by `m` (`[a, b, c, d, e, f]`: x' = a x + c y
    /// + e, y' = b x + d y + f); composite glyphs read their components, at most 8 deep.
    fn read_glyph(&self, gid: u16, m: [f32; 6], depth: u8, out: &mut Vec<Vec<OutlinePoint>>) -> Option<()> {
        let g = usize::from(gid);
        let (start, end) = (*self.loca.get(g)?, *self.loca.get(g + 1)?);
        if end <= start || depth > 8 {
            return Some(());
        }
        let b = self.bytes.get(self.glyf + start..self.glyf + end)?;
        let contours = i16_at(b, 0)?;
        let place = |x: f32, y: f32, on: bool| OutlinePoint {
            x: m[0] * x + m[2] * y + m[4],
            y: m[1] * x + m[3] * y + m[5],
            on,
        };
        if contours >= 0 {
            let n = contours as usize;
            let ends: Vec<usize> = (0..n).map(|k| u16_at(b, 10 + 2 * k).map(usize::from)).collect::<Option<_>>()?;
            let points = ends.last().map_or(0, |e| e + 1);
            let instructions = usize::from(u16_at(b, 10 + 2 * n)?);
            let mut at = 12 + 2 * n + instructions;
            let mut flags = Vec::with_capacity(points);
            while flags.len() < points {
                let flag = *b.get(at)?;
                at += 1;
                flags.push(flag);
                if flag & 0x08 != 0 {
                    let repeat = *b.get(at)?;
                    at += 1;
                    for _ in 0..repeat {
                        flags.push(flag);
                    }
                }
            }
            flags.truncate(points);
            let mut read_axis = |short: u8, same: u8| -> Option<Vec<f32>> {
                let mut value = 0i32;
                let mut values = Vec::with_capacity(points);
                for &flag in &flags {
                    if flag & short != 0 {
                        let delta = i32::from(*b.get(at)?);
                        at += 1;
                        value += if flag & same != 0 { delta } else { -delta };
                    } else if flag & same == 0 {
                        value += i32::from(i16_at(b, at)?);
                        at += 2;
                    }
                    values.push(value as f32);
                }
                Some(values)
            };
            let xs = read_axis(0x02, 0x10)?;
            let ys = read_axis(0x04, 0x20)?;
            let mut first = 0;
            for end in ends {
                let contour: Vec<OutlinePoint> = (first..=end.min(points.saturating_sub(1)))
                    .map(|k| place(xs[k], ys[k], flags[k] & 0x01 != 0))
                    .collect();
                if contour.len() > 1 {
                    out.push(contour);
                }
                first = end + 1;
            }
        } else {
            let mut at = 10;
            loop {
                let flags = u16_at(b, at)?;
                let component = u16_at(b, at + 2)?;
                at += 4;
                let (dx, dy) = if flags & 0x0001 != 0 {
                    let v = (i16_at(b, at)?, i16_at(b, at + 2)?);
                    at += 4;
                    (f32::from(v.0), f32::from(v.1))
                } else {
                    let v = (*b.get(at)? as i8, *b.get(at + 1)? as i8);
                    at += 2;
                    (f32::from(v.0), f32::from(v.1))
                };
                // Point-matched placement (args are point numbers) is not used by the faces
                // embedded; such a component is placed at the origin.
                let (dx, dy) = if flags & 0x0002 != 0 { (dx, dy) } else { (0.0, 0.0) };
                let f2dot14 = |at: usize| i16_at(b, at).map(|v| f32::from(v) / 16384.0);
                let (a, bb, c, d) = if flags & 0x0008 != 0 {
                    let s = f2dot14(at)?;
                    at += 2;
                    (s, 0.0, 0.0, s)
                } else if flags & 0x0040 != 0 {
                    let v = (f2dot14(at)?, f2dot14(at + 2)?);
                    at += 4;
                    (v.0, 0.0, 0.0, v.1)
                } else if flags & 0x0080 != 0 {
                    let v = (f2dot14(at)?, f2dot14(at + 2)?, f2dot14(at + 4)?, f2dot14(at + 6)?);
                    at += 8;
                    v
                } else {
                    (1.0, 0.0, 0.0, 1.0)
                };
                // The component's matrix, then ours.
                let inner = [a, bb, c, d, dx, dy];
                let combined = [
                    m[0] * inner[0] + m[2] * inner[1],
                    m[1] * inner[0] + m[3] * inner[1],
                    m[0] * inner[2] + m[2] * inner[3],
                    m[1] * inner[2] + m[3] * inner[3],
                    m[0] * inner[4] + m[2] * inner[5] + m[4],
                    m[1] * inner[4] + m[3] * inner[5] + m[5],
                ];
                self.read_glyph(component, combined, depth + 1, out);
                if flags & 0x0020 == 0 {
                    break;
                }
            }
        }
        Some(())
    }
}

// ---------------------------------------------------------------------------------------------
// Filling outlines

/// A straight edge in pixels (y downwards).
#[derive(Clone, Copy)]
struct Edge {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

/// Sub-scanlines per pixel row.
const SUBSAMPLES: usize = 4;

/// The page's ink: coverage per pixel, 0 (paper) to 1 (black).
struct Canvas {
    width: usize,
    height: usize,
    ink: Vec<f32>,
}

impl Canvas {
    fn new(width: usize, height: usize) -> Canvas {
        Canvas { width, height, ink: vec![0.0; width * height] }
    }

    /// Fills the shape the edges close, by the non-zero rule, with `darkness` (0 to 1).
    fn fill(&mut self, edges: &[Edge], darkness: f32) {
        let (mut top, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY);
        for e in edges {
            top = top.min(e.y0.min(e.y1));
            bottom = bottom.max(e.y0.max(e.y1));
        }
        if !(top.is_finite() && bottom.is_finite()) || bottom < 0.0 || top >= self.height as f32 {
            return;
        }
        let first = top.max(0.0).floor() as usize;
        let last = (bottom.ceil() as usize).min(self.height);
        let weight = darkness / SUBSAMPLES as f32;
        let mut crossings: Vec<(f32, i32)> = Vec::new();
        for row in first..last {
            for sub in 0..SUBSAMPLES {
                let y = row as f32 + (sub as f32 + 0.5) / SUBSAMPLES as f32;
                crossings.clear();
                for e in edges {
                    let (lo, hi, dir) = if e.y0 < e.y1 { (e.y0, e.y1, 1) } else { (e.y1, e.y0, -1) };
                    if y >= lo && y < hi {
                        let x = e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0);
                        crossings.push((x, dir));
                    }
                }
                crossings.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut winding = 0;
                for pair in crossings.windows(2) {
                    winding += pair[0].1;
                    if winding != 0 {
                        self.span(row, pair[0].0, pair[1].0, weight);
                    }
                }
            }
        }
    }

    /// Adds `weight` times the horizontal overlap of `[from, to)` to each pixel of `row`.
    fn span(&mut self, row: usize, from: f32, to: f32, weight: f32) {
        let from = from.max(0.0);
        let to = to.min(self.width as f32);
        if to <= from {
            return;
        }
        let line = &mut self.ink[row * self.width..(row + 1) * self.width];
        let (first, last) = (from.floor() as usize, (to.ceil() as usize).min(line.len()));
        for (px, ink) in line.iter_mut().enumerate().take(last).skip(first) {
            let overlap = to.min(px as f32 + 1.0) - from.max(px as f32);
            *ink += overlap * weight;
        }
    }

    /// Grey PNG rows: paper white, ink black.
    fn png(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity((self.width + 1) * self.height);
        for row in self.ink.chunks(self.width) {
            raw.push(0); // no filter
            raw.extend(row.iter().map(|&ink| 255 - (ink.clamp(0.0, 1.0) * 255.0).round() as u8));
        }
        crate::png::encode(self.width as u32, self.height as u32, crate::png::Colour::Grey, &raw)
    }
}

/// The outline's flattened edges in pixels: quadratic curves as short straight pieces.
fn flatten(contour: &[OutlinePoint], to_px: impl Fn(f32, f32) -> (f32, f32), edges: &mut Vec<Edge>) {
    let n = contour.len();
    if n < 2 {
        return;
    }
    let mid = |a: OutlinePoint, b: OutlinePoint| OutlinePoint { x: (a.x + b.x) / 2.0, y: (a.y + b.y) / 2.0, on: true };
    // Start on a point of the outline: an on-curve point, else between the last and the first.
    let (start, begin) = match contour.iter().position(|p| p.on) {
        Some(k) => (contour[k], k + 1),
        None => (mid(contour[n - 1], contour[0]), 0),
    };
    let mut line = |a: (f32, f32), b: (f32, f32)| {
        if a.1 != b.1 {
            edges.push(Edge { x0: a.0, y0: a.1, x1: b.0, y1: b.1 });
        }
    };
    let mut curve = |from: OutlinePoint, control: OutlinePoint, to: OutlinePoint| {
        let (a, c, b) = (to_px(from.x, from.y), to_px(control.x, control.y), to_px(to.x, to.y));
        // More pieces the more the curve bends, in pixels.
        let bend = ((a.0 - 2.0 * c.0 + b.0).powi(2) + (a.1 - 2.0 * c.1 + b.1).powi(2)).sqrt();
        let pieces = (1.0 + (bend * 2.0).sqrt()).min(16.0) as usize;
        let mut previous = a;
        for k in 1..=pieces {
            let t = k as f32 / pieces as f32;
            let u = 1.0 - t;
            let p = (u * u * a.0 + 2.0 * u * t * c.0 + t * t * b.0, u * u * a.1 + 2.0 * u * t * c.1 + t * t * b.1);
            line(previous, p);
            previous = p;
        }
    };
    let mut current = start;
    let mut control: Option<OutlinePoint> = None;
    for k in 0..n {
        let p = contour[(begin + k) % n];
        if p.on {
            match control.take() {
                Some(c) => curve(current, c, p),
                None => curve(current, mid(current, p), p),
            }
            current = p;
        } else {
            if let Some(c) = control {
                let m = mid(c, p);
                curve(current, c, m);
                current = m;
            }
            control = Some(p);
        }
    }
    match control {
        Some(c) => curve(current, c, start),
        None => curve(current, mid(current, start), start),
    }
}

/// Standard base64 with padding, for a `data:` URL.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The page

/// The embedded font behind a font resource of the page: Type0 → descendant CIDFont →
/// descriptor → `/FontFile2`.
fn embedded_font(doc: &Document, font: &Dictionary) -> Option<Font> {
    fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
        doc.dereference(o).ok().map(|(_, o)| o)
    }
    let resolve = |o| resolve(doc, o);
    let descendants = resolve(font.get(b"DescendantFonts").ok()?)?.as_array().ok()?;
    let cid_font = resolve(descendants.first()?)?.as_dict().ok()?;
    let descriptor = resolve(cid_font.get(b"FontDescriptor").ok()?)?.as_dict().ok()?;
    let file = resolve(descriptor.get(b"FontFile2").ok()?)?.as_stream().ok()?;
    let bytes = file.decompressed_content().unwrap_or_else(|_| file.content.clone());
    Font::parse(bytes)
}

fn number(o: &Object) -> f32 {
    o.as_float().unwrap_or(0.0)
}

/// Page `page` (1-based) of the PDF `pdf` as a PNG at `dpi`.
pub fn page_png(pdf: &[u8], page: usize, dpi: f32) -> Result<Picture> {
    let doc = Document::load_mem(pdf).map_err(bad)?;
    let pages = doc.get_pages();
    let page_id = *pages.get(&u32::try_from(page).unwrap_or(u32::MAX)).ok_or_else(|| bad("no such page"))?;
    let page_dict = doc.get_dictionary(page_id).map_err(bad)?;
    let media = page_dict
        .get(b"MediaBox")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|a| a.iter().map(number).collect::<Vec<_>>())
        .filter(|a| a.len() == 4)
        .ok_or_else(|| bad("the page has no size"))?;
    let (page_w, page_h) = (media[2] - media[0], media[3] - media[1]);
    let scale = dpi / 72.0;
    let width = (page_w * scale).round().clamp(1.0, 4000.0) as usize;
    let height = (page_h * scale).round().clamp(1.0, 6000.0) as usize;
    let to_px = |x: f32, y: f32| ((x - media[0]) * scale, (page_h - (y - media[1])) * scale);

    let mut fonts: HashMap<Vec<u8>, Font> = HashMap::new();
    for (name, dict) in doc.get_page_fonts(page_id).map_err(bad)? {
        if let Some(font) = embedded_font(&doc, dict) {
            fonts.insert(name, font);
        }
    }
    let content = Content::decode(&doc.get_page_content(page_id)).map_err(bad)?;

    let mut canvas = Canvas::new(width, height);
    let mut edges: Vec<Edge> = Vec::new();
    // Text state: font, size, where the next glyph goes (text space = page space: `Tm` only
    // translates).
    let mut font: Option<Vec<u8>> = None;
    let mut size = 0.0f32;
    let (mut tx, mut ty) = (0.0f32, 0.0f32);
    // Paths: the stroke's grey and width, the path's points.
    let mut grey = 0.0f32;
    let mut line_width = 1.0f32;
    let mut path: Vec<(f32, f32)> = Vec::new();
    let mut saved: Vec<(f32, f32)> = Vec::new();

    for op in &content.operations {
        let args = &op.operands;
        match op.operator.as_str() {
            "BT" => (tx, ty) = (0.0, 0.0),
            "Tm" if args.len() == 6 => (tx, ty) = (number(&args[4]), number(&args[5])),
            "Td" if args.len() == 2 => (tx, ty) = (tx + number(&args[0]), ty + number(&args[1])),
            "Tf" if args.len() == 2 => {
                font = args[0].as_name().ok().map(<[u8]>::to_vec);
                size = number(&args[1]);
            }
            "Tj" | "TJ" => {
                let Some(f) = font.as_ref().and_then(|name| fonts.get_mut(name)) else { continue };
                let items: Vec<&Object> = match (op.operator.as_str(), args.first()) {
                    ("TJ", Some(Object::Array(items))) => items.iter().collect(),
                    (_, Some(o)) => vec![o],
                    _ => Vec::new(),
                };
                let em = size / f.units_per_em;
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            for pair in bytes.chunks_exact(2) {
                                let gid = u16::from_be_bytes([pair[0], pair[1]]);
                                let (ox, oy) = (tx, ty);
                                edges.clear();
                                for contour in f.contours(gid) {
                                    flatten(contour, |x, y| to_px(ox + x * em, oy + y * em), &mut edges);
                                }
                                canvas.fill(&edges, 1.0);
                                tx += f.advance(gid) * em;
                            }
                        }
                        other => tx -= number(other) / 1000.0 * size,
                    }
                }
            }
            "q" => saved.push((grey, line_width)),
            "Q" => (grey, line_width) = saved.pop().unwrap_or((0.0, 1.0)),
            "G" | "g" if args.len() == 1 => grey = number(&args[0]),
            "w" if args.len() == 1 => line_width = number(&args[0]),
            "m" | "l" if args.len() == 2 => path.push((number(&args[0]), number(&args[1]))),
            "S" => {
                // Each straight piece as a thin rectangle, at least a pixel thick.
                let half = (line_width * scale).max(1.0) / 2.0;
                for pair in path.windows(2) {
                    let (a, b) = (to_px(pair[0].0, pair[0].1), to_px(pair[1].0, pair[1].1));
                    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                    let length = (dx * dx + dy * dy).sqrt();
                    if length == 0.0 {
                        continue;
                    }
                    let (nx, ny) = (-dy / length * half, dx / length * half);
                    let corners =
                        [(a.0 + nx, a.1 + ny), (b.0 + nx, b.1 + ny), (b.0 - nx, b.1 - ny), (a.0 - nx, a.1 - ny)];
                    let rect: Vec<Edge> = (0..4)
                        .map(|k| {
                            let (p, q) = (corners[k], corners[(k + 1) % 4]);
                            Edge { x0: p.0, y0: p.1, x1: q.0, y1: q.1 }
                        })
                        .collect();
                    canvas.fill(&rect, 1.0 - grey.clamp(0.0, 1.0));
                }
                path.clear();
            }
            "n" => path.clear(),
            _ => {}
        }
    }
    Ok(Picture { png: canvas.png(), width: width as u32, height: height as u32 })
}
