//! The embedded faces (Noto Sans Regular, Bold and Italic, `assets/fonts/`), what each can show,
//! and its advances.
//!
//! The faces are parsed once per process and shared: the desktop typesets a preview at every
//! change, and parsing three 500 KB fonts each time would be most of the work.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::{PdfError, Style};

pub(crate) const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Italic.ttf");

/// One face and the metrics the layout needs from it.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    /// Font units per em (1000 for Noto Sans).
    units_per_em: u32,
}

impl Face {
    fn parse(bytes: &[u8], name: &'static str) -> Result<Face, PdfError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(PdfError::Font(name))?;
        let units_per_em = u32::from(parsed.pdf_font_metrics.units_per_em);
        if units_per_em == 0 || parsed.lookup_glyph_index(u32::from(' ')).is_none() {
            return Err(PdfError::Font(name));
        }
        Ok(Face { parsed, units_per_em })
    }

    /// Whether the face has a glyph for `ch`.
    pub(crate) fn has(&self, ch: char) -> bool {
        self.parsed.lookup_glyph_index(u32::from(ch)).is_some_and(|gid| gid != 0)
    }

    /// The advance of `ch` in thousandths of an em, truncated as printpdf truncates the widths it
    /// writes into the font's `/W` array: a line measured with these is never narrower than the
    /// line a viewer draws. A character without a glyph measures 0 (the text module replaces
    /// those before anything is measured).
    pub(crate) fn advance(&self, ch: char) -> u32 {
        match self.parsed.lookup_glyph_index(u32::from(ch)) {
            Some(gid) => u32::from(self.parsed.get_horizontal_advance(gid)) * 1000 / self.units_per_em,
            None => 0,
        }
    }

    /// Ascender and descender (positive, below the baseline) in ems.
    pub(crate) fn vertical_extent(&self) -> (f32, f32) {
        let m = &self.parsed.pdf_font_metrics;
        let upem = self.units_per_em as f32;
        (f32::from(m.ascender) / upem, -f32::from(m.descender) / upem)
    }
}

/// The three faces of the documents.
pub(crate) struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    pub(crate) fn face(&self, style: Style) -> &Face {
        match style {
            Style::Regular => &self.regular,
            Style::Bold => &self.bold,
            Style::Italic => &self.italic,
        }
    }
}

/// The faces, parsed on first use.
pub(crate) fn faces() -> Result<&'static Faces, PdfError> {
    static FACES: OnceLock<Result<Faces, PdfError>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Ok(Faces {
                regular: Face::parse(REGULAR, "Noto Sans Regular")?,
                bold: Face::parse(BOLD, "Noto Sans Bold")?,
                italic: Face::parse(ITALIC, "Noto Sans Italic")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letters of the 24 official languages and the punctuation officers type.
    const EU_LETTERS: &str = concat!(
        "ΑαΒβΓγΔδΕεΖζΗηΘθΙιΚκΛλΜμΝνΞξΟοΠπΡρΣσςΤτΥυΦφΧχΨψΩωάέήίόύώϊϋΐΰ",
        "АаБбВвГгДдЕеЖжЗзИиЙйКкЛлМмНнОоПпРрСсТтУуФфХхЦцЧчШшЩщЪъЬьЮюЯя",
        "ĊċĠġĦħŻżÀàÈèÌìÒòÙù",
        "ĂăÂâÎîȘșȚțŞşŢţ",
        "ÁáÉéÍíÓóÖöŐőÚúÜüŰű",
        "ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž",
        "ĄąĘęĖėĮįŲųŪū",
        "ĎďĚěŇňŘřŤťŮů",
        "ĆćŁłŃńŚśŹź",
        "ÄäßẞÖöÜü",
        "ÇçÂâÊêÎîÔôÛûËëÏïŸÿŒœÆæ",
        "ÑñÁá¿¡ÃãÕõĲĳØøÅåĹĺĽľŔŕĐđ",
        "€–—‘’“”„…•«»\u{FFFD}",
    );

    #[test]
    fn every_face_shows_every_eu_letter() {
        let faces = faces().unwrap();
        for style in [Style::Regular, Style::Bold, Style::Italic] {
            let missing: String = EU_LETTERS.chars().filter(|&c| !faces.face(style).has(c)).collect();
            assert_eq!(missing, "", "{style:?} lacks these");
        }
    }

    #[test]
    fn advances_match_what_printpdf_writes() {
        let faces = faces().unwrap();
        for style in [Style::Regular, Style::Bold, Style::Italic] {
            let face = faces.face(style);
            for ch in EU_LETTERS.chars().chain("Hello, world! 0123456789".chars()) {
                let gid = face.parsed.lookup_glyph_index(u32::from(ch)).unwrap();
                let glyph = face.parsed.get_or_decode_glyph(gid).unwrap();
                let written = u32::from(glyph.horz_advance) * 1000 / face.units_per_em;
                assert_eq!(face.advance(ch), written, "{ch}");
            }
        }
    }

    #[test]
    fn a_face_shows_no_emoji_and_no_unassigned_code_point() {
        let faces = faces().unwrap();
        assert!(!faces.face(Style::Regular).has('😀'));
        assert!(!faces.face(Style::Regular).has('\u{E000}'));
        assert!(!faces.face(Style::Bold).has('中'));
    }
}
