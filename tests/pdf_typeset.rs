//! The typesetter's PDFs as other programs read them: poppler (`pdftotext`, `pdffonts`,
//! `pdfinfo`, `pdftoppm`) and qpdf. `make test` installs them (poppler-utils, qpdf).
//!
//! Review pictures of the pages are written to `target/tmp/pdf-review/` (`pdftoppm -r 60`).

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use code_register::pdf::{typeset, Block, Document, HeadingLevel, Metadata, PageSetup, Pdf, Run, Warning};

// ---------------------------------------------------------------------------------------------
// Tools

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A PDF written to a temporary directory, for the tools.
struct Written {
    _dir: tempfile::TempDir,
    path: PathBuf,
    pdf: Pdf,
}

/// Typesets `doc`, fails on any warning of the PDF writer, and writes the file.
fn write(doc: &Document) -> Written {
    let pdf = typeset(doc).unwrap();
    let writer: Vec<_> = pdf.warnings.iter().filter(|w| matches!(w, Warning::Writer(_))).collect();
    assert!(writer.is_empty(), "printpdf warned: {writer:?}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    Written { _dir: dir, path, pdf }
}

fn text_of_page(path: &Path, page: usize) -> String {
    let n = page.to_string();
    common::tool("pdftotext", &["-layout", "-f", &n, "-l", &n, path_str(path), "-"])
}

/// The text of every page, without the footer lines, whitespace collapsed to single spaces.
fn body_text(path: &Path, pages: usize, footer: &str) -> String {
    let mut words = Vec::new();
    for page in 1..=pages {
        let label = format!("page {page} of {pages}");
        for line in text_of_page(path, page).lines() {
            if line.contains(&label) || (!footer.is_empty() && line.trim() == footer) {
                continue;
            }
            words.extend(line.split_whitespace().map(str::to_string));
        }
    }
    words.join(" ")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Asserts that each of `expected` is in `text`, in this order.
fn assert_in_order(text: &str, expected: &[&str]) {
    let mut from = 0;
    for e in expected {
        let e = collapse(e);
        match text[from..].find(&e) {
            Some(at) => from += at + e.len(),
            None => panic!("{e:?} is missing or out of order in:\n{text}"),
        }
    }
}

/// A word's box on a page, in points from the top left (as pdftotext gives them).
#[derive(Debug)]
struct WordBox {
    page: usize,
    x_min: f32,
    y_min: f32,
    x_max: f32,
    y_max: f32,
    text: String,
}

fn attr(line: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let start = line.find(&key).unwrap() + key.len();
    let end = start + line[start..].find('"').unwrap();
    line[start..end].parse().unwrap()
}

/// Every word's box, with the page's size.
fn word_boxes(path: &Path) -> (Vec<(f32, f32)>, Vec<WordBox>) {
    let xml = common::tool("pdftotext", &["-bbox", path_str(path), "-"]);
    let mut pages = Vec::new();
    let mut words = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height")));
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).unwrap_or("").trim_end_matches("</word").to_string();
            words.push(WordBox {
                page: pages.len(),
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
                text,
            });
        }
    }
    (pages, words)
}

const MM: f32 = 72.0 / 25.4;

/// Asserts that every word is inside its page and inside the margins: the text area for the
/// text, the bottom margin (below the text area, above the page's edge) for the footer.
fn assert_inside_margins(path: &Path, setup: &PageSetup) {
    let (pages, words) = word_boxes(path);
    assert!(!words.is_empty());
    let tol = 0.01;
    for w in &words {
        let (width, height) = pages[w.page - 1];
        assert!((width - setup.width_mm * MM).abs() < 0.1 && (height - setup.height_mm * MM).abs() < 0.1);
        let (left, right) = (setup.margin_left_mm * MM, width - setup.margin_right_mm * MM);
        let (top, bottom) = (setup.margin_top_mm * MM, height - setup.margin_bottom_mm * MM);
        assert!(w.x_min >= left - tol && w.x_max <= right + tol, "{:?} is outside the side margins: {w:?}", w.text);
        let in_text_area = w.y_min >= top - tol && w.y_max <= bottom + tol;
        let in_footer = w.y_min >= bottom - tol && w.y_max <= height;
        assert!(in_text_area || in_footer, "{:?} is outside the text area and the footer: {w:?}", w.text);
        assert!(w.y_min >= 0.0 && w.x_min >= 0.0 && w.x_max <= width && w.y_max <= height);
    }
}

/// Writes PNGs of the pages, at 60 dpi, to `target/tmp/pdf-review/NAME-N.png`, for a person to
/// look at.
fn review_pictures(path: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-review");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(path, dir.join(format!("{name}.pdf"))).unwrap();
    common::tool("pdftoppm", &["-r", "60", "-png", path_str(path), path_str(&dir.join(name))]);
}

fn pdffonts_rows(path: &Path) -> Vec<String> {
    common::tool("pdffonts", &[path_str(path)]).lines().skip(2).map(str::to_string).collect()
}

// ---------------------------------------------------------------------------------------------
// Documents

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 6, 24, 17, 14, 5).unwrap()
}

fn metadata(title: &str) -> Metadata {
    Metadata {
        title: title.to_string(),
        author: "Marie Dupont (JUST C2)".to_string(),
        subject: "Meeting flash – IT companies, 6th monitoring exercise".to_string(),
        keywords: vec!["hate speech".to_string(), "Code of conduct".to_string()],
        created: created(),
    }
}

fn labelled(label: &str, value: &str) -> Block {
    Block::Labelled { label: label.to_string(), value: vec![Run::regular(value)] }
}

fn bullet(level: u8, party: &str, text: &str) -> Block {
    let mut runs = Vec::new();
    if !party.is_empty() {
        runs.push(Run::bold(party));
    }
    runs.push(Run::regular(text));
    Block::Bullet { level, runs }
}

fn mail_header() -> Block {
    let line = |label: &str, value: &str| vec![Run::bold(label), Run::regular(value)];
    Block::SmallLines(vec![
        line("From: ", "DUPONT Marie (JUST-C2)"),
        line("Sent: ", "Thursday 24 June 2021 17:14"),
        line("To: ", "BUSA Lucrezia (CAB-REYNDERS)"),
        line("Cc: ", "MARTIN Jan (JUST-C2); NOWAK Ewa (JUST-C2)"),
        line("Subject: ", "Flash of the meeting with IT companies on the Code of conduct earlier today"),
    ])
}

fn signature() -> Block {
    Block::SmallLines(vec![
        vec![Run::bold("European Commission")],
        vec![Run::regular("DG Justice and Consumers")],
        vec![Run::regular("Fundamental Rights Policy – Unit C2")],
        vec![Run::italic("Rue Montoyer 59, B-1049 Brussels")],
    ])
}

/// A page laid out as the flash of seed 002: mail header, report title, date, participants,
/// objective, points by party, next steps, signature block.
fn flash() -> Document {
    Document {
        page: PageSetup::A4,
        metadata: metadata("Flash: IT companies on the 6th monitoring exercise"),
        footer: None,
        blocks: vec![
            mail_header(),
            Block::Rule,
            Block::Heading {
                level: HeadingLevel::Title,
                runs: vec![
                    Run::regular("Meeting report: "),
                    Run::bold(
                        "Exchange between CAB Reynders and IT companies on the results of the 6th monitoring \
                         exercise of the Code of conduct on countering illegal hate speech online, and next steps",
                    ),
                ],
            },
            Block::Labelled { label: "Date:".into(), value: vec![Run::bold("24/06/2021")] },
            labelled(
                "Participants:",
                "Lucrezia Busa (CAB Reynders); Marie Dupont (JUST C2), Jan Martin (JUST C2), YouTube, Twitter, \
                 Facebook, Jeuxvideo.com, TikTok",
            ),
            labelled(
                "Objective of the meeting:",
                "to go through the results of the 6th monitoring exercise before they are published, and, \
                 since publication moves to September, to discuss a possible revision of the Code in the light \
                 of the Digital Services Act.",
            ),
            Block::heading(HeadingLevel::Section, "Main points discussed:"),
            bullet(
                0,
                "CAB Reynders",
                " thanked the platforms for their work on the exercise. Results stay on target overall: most \
                 notifications are assessed within 24 hours, removal rates went down for some platforms, and \
                 feedback to users remains low.",
            ),
            bullet(
                0,
                "YouTube",
                " wants closer exchanges with the organisations, whose reports sometimes did not match the \
                 platform's records, and pointed to progress in automated detection.",
            ),
            bullet(1, "", "The dedicated page on the outcome of a report is not well known."),
            bullet(1, "", "Mismatches in the data were solved together with JUST services."),
            bullet(
                0,
                "Twitter",
                " found the exercise heavy for a small team; most reports came through ordinary user \
                 channels rather than trusted flaggers.",
            ),
            bullet(0, "TikTok", " welcomed the results of its first exercise; feedback to users will improve."),
            Block::heading(HeadingLevel::Section, "Next steps:"),
            bullet(0, "", "Workshop with trusted flaggers in the autumn (JUST C2, by 30/11/2021)."),
            bullet(0, "", "Technical meeting on a revision of the Code over the summer (JUST C2 with the platforms)."),
            Block::Space(14.0),
            signature(),
        ],
    }
}

/// One short sentence in each of the 24 official languages.
const LANGUAGES: [(&str, &str); 24] = [
    ("bg", "Комисията обсъди резултатите от наблюдението с платформите и гражданското общество."),
    ("cs", "Komise projednala výsledky šestého monitorovacího cvičení s řadou platforem."),
    ("da", "Kommissionen drøftede resultaterne med platformene og de frivillige organisationer på området."),
    ("de", "Die Kommission begrüßte die Fortschritte; GROẞE Sorgen bleiben bei der Rückmeldung an Nutzer."),
    ("el", "Η Επιτροπή συζήτησε τα αποτελέσματα της παρακολούθησης με τις πλατφόρμες και τις οργανώσεις."),
    ("en", "The Commission discussed the “next steps” with the platforms — a workshop… and €10,000 in 2022."),
    ("es", "La Comisión señaló que la cooperación con las organizaciones sigue siendo esencial."),
    ("et", "Komisjon arutas seire tulemusi platvormide ja kodanikuühiskonnaga; järgmine kohtumine on sügisel."),
    ("fi", "Komissio käsitteli seurannan tuloksia alustojen ja järjestöjen kanssa; työpaja järjestetään syksyllä."),
    ("fr", "La Commission a salué les efforts des plateformes « en ligne » à l’égard des signalements reçus."),
    ("ga", "Phléigh an Coimisiún torthaí an chleachtaidh faireacháin leis na hardáin agus le heagraíochtaí."),
    ("hr", "Komisija je s platformama raspravila rezultate praćenja i sljedeće korake; đaci će pratiti."),
    ("hu", "A Bizottság üdvözölte a platformok erőfeszítéseit és a gyűlöletbeszéd elleni fellépést."),
    ("it", "La Commissione ha ringraziato le piattaforme per la collaborazione più stretta con le ONG."),
    ("lt", "Komisija aptarė stebėsenos rezultatus su platformomis ir pilietine visuomene; kitas žingsnis aiškus."),
    ("lv", "Komisija apsprieda uzraudzības rezultātus ar platformām un pilsonisko sabiedrību; ķēde, ļoti, ņemot."),
    ("mt", "Il-Kummissjoni ħabbret laqgħa ġdida mal-pjattaformi dwar id-diskors ta’ mibegħda; żmien ċar."),
    ("nl", "De Commissie besprak de resultaten met de platforms en de ĳverige maatschappelijke organisaties."),
    ("pl", "Komisja omówiła wyniki szóstego ćwiczenia monitorującego z platformami; źródła są różne."),
    ("pt", "A Comissão sublinhou a importância da cooperação com as organizações não governamentais."),
    ("ro", "Comisia a discutat rezultatele și următorii pași ai exercițiului; vechile forme: ş şi ţ."),
    ("sk", "Komisia prerokovala výsledky monitorovania s platformami; ďalší krok je ľahký a dôležitý."),
    ("sl", "Komisija je s platformami razpravljala o rezultatih spremljanja in naslednjih korakih čez poletje."),
    ("sv", "Kommissionen diskuterade resultaten med plattformarna och de ideella organisationerna i år."),
];

fn long_word() -> String {
    let mut word = String::from("https://example.europa.eu/");
    while word.chars().count() < 3000 {
        word.push_str("abcdefghij");
    }
    word.truncate(3000);
    word
}

fn two_thousand_words() -> String {
    const WORDS: [&str; 8] = ["the", "platforms", "reviewed", "notifications", "within", "a", "day", "overall"];
    (0..2000).map(|k| format!("{}{}", WORDS[k % WORDS.len()], k)).collect::<Vec<_>>().join(" ")
}

const FOOTER: &str = "Code Register – test document";

/// 60 paragraphs in the 24 languages, headings and bullets among them, then the hard cases.
fn multilingual() -> Document {
    let mut blocks = vec![Block::heading(HeadingLevel::Title, "Twenty-four languages")];
    for k in 0..60 {
        let (code, sentence) = LANGUAGES[k % LANGUAGES.len()];
        if k % 10 == 0 {
            blocks.push(Block::heading(HeadingLevel::Section, format!("Section {}", k / 10 + 1)));
        }
        let block = if k % 3 == 1 {
            bullet((k % 2) as u8, &format!("{code}: "), sentence)
        } else {
            Block::Paragraph(vec![Run::bold(format!("{code}: ")), Run::regular(sentence), Run::italic(" (p.)")])
        };
        blocks.push(block);
    }
    blocks.push(Block::heading(HeadingLevel::Section, "A very long objective"));
    blocks.push(labelled("Objective:", &two_thousand_words()));
    blocks.push(Block::paragraph(format!("Link: {} end.", long_word())));
    blocks.push(Block::paragraph(
        "Right\u{200F}-to-\u{202B}left\u{202C} marks\u{2066} and\u{2069} zero\u{200B}width\u{FEFF} gone.",
    ));
    blocks.push(Block::paragraph("Emoji 😀 and the flag 🇪🇺 are replaced."));
    blocks.push(Block::paragraph("Bell\u{7}and\u{1b}escape\u{0}null\u{7f}del tab\there.\r\nNext line."));
    blocks.push(Block::Rule);
    blocks.push(signature());
    Document { page: PageSetup::A4, metadata: metadata("Twenty-four languages"), footer: Some(FOOTER.into()), blocks }
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_kind_of_block_reads_back_in_order() {
    let doc = Document {
        page: PageSetup::A4,
        metadata: metadata("Every block"),
        footer: Some("Internal – not for release".into()),
        blocks: vec![
            mail_header(),
            Block::Rule,
            Block::Heading {
                level: HeadingLevel::Title,
                runs: vec![Run::regular("Meeting report: "), Run::bold("Title")],
            },
            labelled("Date:", "24/06/2021"),
            Block::Space(20.0),
            Block::heading(HeadingLevel::Section, "Main points discussed:"),
            Block::Paragraph(vec![
                Run::regular("Plain, "),
                Run::bold("bold"),
                Run::regular(" and "),
                Run::italic("italic."),
            ]),
            bullet(0, "Facebook", " flagged duplicate notifications."),
            bullet(1, "", "A sub-point of it."),
            bullet(2, "", "A sub-sub-point."),
            Block::Paragraph(vec![Run::regular("First line\nsecond line")]),
            signature(),
        ],
    };
    let written = write(&doc);
    assert_eq!(written.pdf.pages, 1);
    assert!(written.pdf.warnings.is_empty(), "{:?}", written.pdf.warnings);

    let text = collapse(&common::tool("pdftotext", &["-layout", path_str(&written.path), "-"]));
    assert_in_order(
        &text,
        &[
            "From: DUPONT Marie (JUST-C2)",
            "Sent: Thursday 24 June 2021 17:14",
            "To: BUSA Lucrezia (CAB-REYNDERS)",
            "Subject: Flash of the meeting with IT companies",
            "Meeting report: Title",
            "Date: 24/06/2021",
            "Main points discussed:",
            "Plain, bold and italic.",
            "• Facebook flagged duplicate notifications.",
            "– A sub-point of it.",
            "– A sub-sub-point.",
            "First line",
            "second line",
            "European Commission",
            "DG Justice and Consumers",
            "Rue Montoyer 59, B-1049 Brussels",
            "Internal – not for release",
            "page 1 of 1",
        ],
    );

    let check = common::tool("qpdf", &["--check", path_str(&written.path)]);
    assert!(check.contains("No syntax or stream encoding errors found"), "{check}");

    let fonts = pdffonts_rows(&written.path);
    assert_eq!(fonts.len(), 3, "{fonts:?}");
    for row in &fonts {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(cols[0].contains("+NotoSans-"), "{row}");
        assert_eq!((cols[n - 5], cols[n - 4], cols[n - 3]), ("yes", "yes", "yes"), "emb sub uni: {row}");
    }

    let info = common::tool("pdfinfo", &["-isodates", path_str(&written.path)]);
    for expected in [
        "Title:           Every block",
        "Author:          Marie Dupont (JUST C2)",
        "Subject:         Meeting flash – IT companies, 6th monitoring exercise",
        "Keywords:        hate speech,Code of conduct",
        "CreationDate:    2021-06-24T17:14:05Z",
        "Pages:           1",
    ] {
        assert!(info.lines().any(|l| l == expected), "{expected:?} not in\n{info}");
    }
    assert_inside_margins(&written.path, &doc.page);
}

#[test]
fn the_flash_reads_like_the_real_one_and_is_small() {
    let doc = flash();
    let written = write(&doc);
    assert_eq!(written.pdf.pages, 1);
    assert!(written.pdf.warnings.is_empty(), "{:?}", written.pdf.warnings);
    let size = written.pdf.bytes.len();
    assert!(size < 60 * 1024, "the one-page flash is {size} bytes");
    eprintln!("one-page flash: {size} bytes");

    let fonts = pdffonts_rows(&written.path);
    assert_eq!(fonts.len(), 3, "Regular, Bold and Italic: {fonts:?}");
    let text = collapse(&common::tool("pdftotext", &["-layout", path_str(&written.path), "-"]));
    assert_in_order(
        &text,
        &[
            "From: DUPONT Marie (JUST-C2)",
            "Subject: Flash of the meeting",
            "Meeting report: Exchange between CAB Reynders",
            "Date: 24/06/2021",
            "Participants: Lucrezia Busa (CAB Reynders); Marie Dupont (JUST C2)",
            "Objective of the meeting: to go through",
            "Main points discussed:",
            "• CAB Reynders thanked the platforms",
            "• YouTube wants closer exchanges",
            "– The dedicated page",
            "– Mismatches in the data",
            "• Twitter found the exercise heavy",
            "• TikTok welcomed",
            "Next steps:",
            "• Workshop with trusted flaggers",
            "European Commission",
            "DG Justice and Consumers",
            "page 1 of 1",
        ],
    );
    assert_inside_margins(&written.path, &doc.page);
    review_pictures(&written.path, "flash");
}

#[test]
fn twenty_four_languages_over_many_pages() {
    let doc = multilingual();
    let written = write(&doc);
    let pages = written.pdf.pages;
    assert!(pages >= 5, "{pages} pages");
    assert_eq!(
        common::tool("pdfinfo", &[path_str(&written.path)]).lines().find(|l| l.starts_with("Pages:")).unwrap(),
        format!("Pages:           {pages}")
    );

    // `page X of Y` on every page, with the footer.
    for page in 1..=pages {
        let text = text_of_page(&written.path, page);
        assert!(text.contains(&format!("page {page} of {pages}")), "page {page}:\n{text}");
        assert!(text.contains(FOOTER), "page {page}:\n{text}");
    }

    let body = body_text(&written.path, pages, FOOTER);
    for (code, sentence) in LANGUAGES {
        assert!(body.contains(&collapse(&format!("{code}: {sentence}"))), "{code} is not intact:\n{body}");
    }
    assert!(body.contains(&two_thousand_words()), "the 2,000-word objective is not intact");
    let squeezed: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(&long_word()), "the 3,000-character word is not intact");
    assert_in_order(
        &body,
        &[
            "Right-to-left marks and zerowidth gone.",
            "Emoji \u{FFFD} and the flag \u{FFFD}\u{FFFD} are replaced.",
            "Bellandescapenulldel tab here.",
            "Next line.",
            "European Commission",
        ],
    );

    // The emoji is reported, by code point.
    let replaced: Vec<(char, usize)> = written
        .pdf
        .warnings
        .iter()
        .filter_map(|w| if let Warning::Replaced { ch, count } = w { Some((*ch, *count)) } else { None })
        .collect();
    assert_eq!(replaced, [('\u{1F1EA}', 1), ('\u{1F1FA}', 1), ('😀', 1)]);
    assert!(written.pdf.warnings[2].to_string().starts_with("U+1F600 cannot be shown"));
    assert_eq!(written.pdf.warnings.len(), 3, "{:?}", written.pdf.warnings);

    assert_inside_margins(&written.path, &doc.page);
    let fonts = pdffonts_rows(&written.path);
    assert!(fonts.iter().all(|row| row.contains(" yes yes yes ")), "{fonts:?}");
    let check = common::tool("qpdf", &["--check", path_str(&written.path)]);
    assert!(check.contains("No syntax or stream encoding errors found"), "{check}");
    review_pictures(&written.path, "languages");
}

/// Where the page numbers of a text's lines are, from pdftotext page by page.
fn page_of(path: &Path, pages: usize, needle: &str) -> Vec<usize> {
    (1..=pages).filter(|&p| text_of_page(path, p).contains(needle)).collect()
}

#[test]
fn a_heading_never_stays_alone_at_the_foot_of_a_page() {
    // Shift a heading down the first page one line at a time, past its foot.
    let mut moved = 0;
    for filler in 30..40 {
        let mut blocks: Vec<Block> = (0..filler).map(|k| Block::paragraph(format!("Filler paragraph {k}."))).collect();
        blocks.push(Block::heading(HeadingLevel::Section, "Next steps:"));
        blocks.push(Block::paragraph("Follow-up first line\nFollow-up second line\nFollow-up third line"));
        let doc = Document { page: PageSetup::A4, metadata: metadata("Keep with next"), footer: None, blocks };
        let written = write(&doc);
        let pages = written.pdf.pages;
        let heading = page_of(&written.path, pages, "Next steps:");
        let first = page_of(&written.path, pages, "Follow-up first line");
        let second = page_of(&written.path, pages, "Follow-up second line");
        assert_eq!(heading.len(), 1);
        assert_eq!(heading, first, "with {filler} fillers the heading is apart from its paragraph");
        assert_eq!(first, second, "with {filler} fillers the first line is alone");
        if heading == [2] {
            moved += 1;
            // The page before ends with the last filler, not with the heading.
            let before = text_of_page(&written.path, 1);
            assert!(before.contains(&format!("Filler paragraph {}.", filler - 1)) || filler > 36);
        }
    }
    assert!(moved > 0, "the heading never reached the foot of the page");
}

#[test]
fn no_single_line_of_a_paragraph_at_a_page_foot_or_top() {
    for filler in 30..40 {
        let mut blocks: Vec<Block> = (0..filler).map(|k| Block::paragraph(format!("Filler {k}."))).collect();
        let lines: Vec<String> = (1..=5).map(|k| format!("Five-line paragraph, line {k}")).collect();
        blocks.push(Block::paragraph(lines.join("\n")));
        let doc = Document { page: PageSetup::A4, metadata: metadata("Widows"), footer: None, blocks };
        let written = write(&doc);
        let pages = written.pdf.pages;
        let mut per_page = vec![0; pages + 1];
        for line in &lines {
            let on = page_of(&written.path, pages, line);
            assert_eq!(on.len(), 1);
            per_page[on[0]] += 1;
        }
        assert!(per_page.iter().all(|&n| n == 0 || n >= 2), "with {filler} fillers: {per_page:?}");
    }
}

#[test]
fn bad_page_setups_are_refused_and_strange_input_does_not_panic() {
    let mut doc = flash();
    doc.page.margin_left_mm = f32::NAN;
    assert!(typeset(&doc).is_err());
    doc.page = PageSetup { margin_left_mm: 100.0, margin_right_mm: 100.0, ..PageSetup::A4 };
    assert!(typeset(&doc).unwrap_err().to_string().contains("side margins"));
    doc.page = PageSetup { margin_bottom_mm: 5.0, ..PageSetup::A4 };
    assert!(typeset(&doc).is_err());

    let doc = Document {
        page: PageSetup::A4,
        metadata: metadata("Edge\u{0}cases\r\n"),
        footer: Some("x ".repeat(400)),
        blocks: vec![
            Block::Space(f32::NAN),
            Block::Space(1e9),
            Block::Space(-3.0),
            Block::Paragraph(vec![]),
            Block::Bullet { level: 200, runs: vec![Run::regular("deep")] },
            Block::heading(HeadingLevel::Section, ""),
            Block::SmallLines(vec![vec![], vec![Run::regular("after a blank line")]]),
            Block::heading(HeadingLevel::Section, "A heading last"),
        ],
    };
    let written = write(&doc);
    assert!(written.pdf.warnings.contains(&Warning::FooterShortened));
    let text = body_text(&written.path, written.pdf.pages, "");
    assert!(text.contains("deep") && text.contains("after a blank line") && text.contains("A heading last"));
    assert!(common::tool("pdfinfo", &[path_str(&written.path)]).contains("Title:           Edgecases"));
    assert_inside_margins(&written.path, &doc.page);

    let empty = Document { page: PageSetup::A4, metadata: metadata(""), footer: None, blocks: vec![] };
    let written = write(&empty);
    assert_eq!(written.pdf.pages, 1);
    assert!(text_of_page(&written.path, 1).contains("page 1 of 1"));
}

// ---------------------------------------------------------------------------------------------
// Figures (not timed as tests: run by hand, in release, under /usr/bin/time -v)

/// A flash of about `pages` pages: the flash with `points` more points in the 24 languages.
fn flash_with_points(points: usize) -> Document {
    let mut doc = flash();
    let signature = doc.blocks.split_off(doc.blocks.len() - 2);
    for k in 0..points {
        let (code, sentence) = LANGUAGES[k % LANGUAGES.len()];
        doc.blocks.push(bullet((k % 4 == 3) as u8, &format!("Party {k} ({code})"), &format!(" {sentence} {sentence}")));
    }
    doc.blocks.extend(signature);
    doc
}

/// Typesets `doc` once, as a CLI process would, and prints the figures.
fn measure(doc: &Document, expected_pages: std::ops::RangeInclusive<usize>) {
    let start = Instant::now();
    let pdf = typeset(doc).unwrap();
    let elapsed = start.elapsed();
    assert!(expected_pages.contains(&pdf.pages), "{} pages", pdf.pages);
    assert!(!pdf.warnings.iter().any(|w| matches!(w, Warning::Writer(_))));
    println!("{} pages, {} bytes, typeset in {:.1} ms", pdf.pages, pdf.bytes.len(), elapsed.as_secs_f64() * 1000.0);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("measure-{}.pdf", pdf.pages));
    std::fs::write(out, &pdf.bytes).unwrap();
}

#[test]
#[ignore = "a figure, not a test: cargo test --release --test pdf_typeset -- --ignored --nocapture measure_"]
fn measure_one_page() {
    measure(&flash(), 1..=1);
}

#[test]
#[ignore = "a figure, not a test: cargo test --release --test pdf_typeset -- --ignored --nocapture measure_"]
fn measure_twenty_pages() {
    measure(&flash_with_points(300), 20..=20);
}

/// The desktop's case: the fonts are parsed once, then each preview is typeset afresh.
#[test]
#[ignore = "a figure, not a test: cargo test --release --test pdf_typeset -- --ignored --nocapture measure_"]
fn measure_repeated() {
    for (name, doc) in [("1 page", flash()), ("20 pages", flash_with_points(300))] {
        typeset(&doc).unwrap();
        let runs = 10;
        let start = Instant::now();
        for _ in 0..runs {
            typeset(&doc).unwrap();
        }
        println!(
            "{name}: {:.1} ms each, fonts already parsed",
            start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
        );
    }
}

/// The same document gives the same file, but for the trailer's `/ID`, which printpdf draws
/// from a counter of the process.
#[test]
fn the_same_document_gives_the_same_file_but_its_id() {
    let doc = flash();
    let first = typeset(&doc).unwrap().bytes;
    let _other = typeset(&multilingual()).unwrap();
    let second = typeset(&doc).unwrap().bytes;
    assert_eq!(first.len(), second.len());
    let id = |bytes: &[u8]| bytes.windows(4).rposition(|w| w == b"/ID[").unwrap();
    assert_eq!(id(&first), id(&second));
    assert!(first[..id(&first)] == second[..id(&second)], "the files differ before the trailer");
}
