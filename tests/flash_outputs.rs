//! The meeting flash as the cabinet, the public and a mail program read it: the PDF through
//! poppler (`pdftotext`, `pdffonts`, `pdfinfo`) and qpdf, the e-mail draft through Python's
//! `email` package (`.venv/bin/python`, made by `make test`), the text against the window's
//! view. `make test` installs poppler-utils and qpdf.
//!
//! Pictures of the seed flash's pages (internal and release) are written to
//! `target/tmp/flash-review/` for a person to look at.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use code_register::flash::{self, Flash};
use code_register::model::{parse_document, Meeting};
use code_register::store::{MeetingSave, OpenMode, Settings, Store};
use serde_json::{json, Value};

const SEED_MEETING: &str = "2021-06-24-it-companies";
/// The text of the restricted point added to the seed meeting, and of its reply.
const SECRET: &str = "Quayside Marmalade shortlist";
const SECRET_REPLY: &str = "budget ceiling Zanzibar";

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn created() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 6, 24, 15, 14, 0).unwrap()
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The seed register with, in the seed meeting, a restricted point (and its reply), a point
/// naming people in free text, a non-public person with diacritics in the Cc; the flash footer
/// of DG Justice in the settings.
fn register() -> (tempfile::TempDir, Store) {
    let mut doc: Value = common::seed();
    doc["people"].as_array_mut().unwrap().push(json!({
        "key": "nowak", "name": "Jan Nowák", "familyName": "Nowák", "organisation": "just-c2",
        "email": "jan.nowak@ec.example.eu", "public": false
    }));
    let meeting = doc["meetings"].as_array_mut().unwrap().iter_mut().find(|m| m["key"] == SEED_MEETING).unwrap();
    meeting["flash"]["cc"] = json!(["just-hou", "nowak"]);
    let points = meeting["points"].as_array_mut().unwrap();
    points.insert(
        5,
        json!({"by": "youtube", "text": format!("Venue: the {SECRET} for the workshop."), "restricted": true,
               "points": [{"by": "cab-reynders", "text": format!("Agreed a {SECRET_REPLY}.")}]}),
    );
    points.push(json!({"by": "tiktok", "text":
        "As jan nowak (JAN.NOWAK@EC.EXAMPLE.EU) and the youtube POLICY representative noted, Ms Nowak will follow up with Lucrezia Busa."}));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("register.sqlite3"), OpenMode::Create).unwrap();
    store.import(parse_document(&serde_json::to_vec(&doc).unwrap()).unwrap()).unwrap();
    store
        .save_settings(Settings {
            footer_institution: "European Commission".into(),
            footer_directorate: "DG Justice and Consumers".into(),
            footer_unit: "Fundamental Rights Policy".into(),
            ..Settings::default()
        })
        .unwrap();
    (dir, store)
}

fn seed_flash(store: &Store, redacted: bool) -> Flash {
    flash::of_stored(store, SEED_MEETING, redacted).unwrap().1
}

/// The flash typeset and written to `dir/name.pdf`.
fn write_pdf(dir: &Path, name: &str, flash: &Flash) -> (PathBuf, usize) {
    let typeset = flash::typeset(flash, created()).unwrap();
    assert!(typeset.warnings.is_empty(), "{:?}", typeset.warnings);
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, &typeset.bytes).unwrap();
    (path, typeset.pages)
}

/// The text of every page, the footer lines left out, whitespace collapsed.
fn body_text(path: &Path, pages: usize) -> String {
    let mut lines = Vec::new();
    for page in 1..=pages {
        let n = page.to_string();
        let text = common::tool("pdftotext", &["-layout", "-f", &n, "-l", &n, s(path), "-"]);
        let label = format!("page {page} of {pages}");
        lines.extend(text.lines().filter(|l| !l.contains(&label)).map(str::to_string));
    }
    collapse(&lines.join("\n"))
}

fn review(path: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("flash-review");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(path, dir.join(format!("{name}.pdf"))).unwrap();
    common::tool("pdftoppm", &["-r", "70", "-png", s(path), s(&dir.join(name))]);
}

const NOT_PUBLIC: [&str; 9] = [
    "JUST C2 desk officer",
    "JUST C2 head of unit",
    "YouTube policy representative",
    "Twitter policy representative",
    "Facebook policy representative",
    "Jeuxvideo.com representative",
    "TikTok policy representative",
    "Nowák",
    "Nowak",
];

const ORGANISATIONS: [&str; 7] =
    ["CAB Reynders", "JUST C2", "YouTube", "Twitter", "Facebook and Instagram", "Jeuxvideo.com", "TikTok"];

#[test]
fn the_seed_flash_shows_every_element_in_order_and_the_internal_one_names_everyone() {
    let (dir, store) = register();
    let (path, pages) = write_pdf(dir.path(), "internal", &seed_flash(&store, false));
    review(&path, "seed-internal");
    let text = body_text(&path, pages);
    assert_in_order(
        &text,
        &[
            "From: JUST C2 desk officer (JUST-C2)",
            "Sent: Thursday 24 June 2021 17:14",
            "To: BUSA Lucrezia (CAB-REYNDERS)",
            "Cc: JUST C2 head of unit (JUST-C2); NOWÁK Jan (JUST-C2)",
            "Subject: Flash of the meeting with IT companies on Code of conduct earlier today",
            "Meeting report: Exchange between CAB Reynders and IT Companies on the results of the 6th monitoring",
            "Date: 24/06/2021",
            "Participants: Lucrezia Busa (CAB Reynders), JUST C2 desk officer (JUST C2); YouTube policy representative (YouTube),",
            "Jeuxvideo.com representative (Jeuxvideo.com), TikTok policy representative (TikTok)",
            "Objective of the meeting: To discuss the results of the 6th monitoring exercise",
            "Main points discussed:",
            "• CAB Reynders: Thanked the platforms",
            "• YouTube: Needs to improve cooperation",
            "• Twitter: Monitoring remains labour intensive",
            "– CAB Reynders: Hate speech flags must be treated the same way",
            "• Facebook and Instagram: Recorded duplicate notifications",
            "• TikTok: Satisfied with its first exercise",
            "• YouTube: Venue: the",
            SECRET,
            "– CAB Reynders: Agreed a",
            SECRET_REPLY,
            "• Jeuxvideo.com: New feature",
            "– On (a): support from the platforms",
            "Next steps:",
            "• YouTube, Twitter, Facebook and Instagram, TikTok: Organise a workshop",
            "(autumn 2021)",
            "• JUST C2: Technical meeting with JUST",
            "(over the summer)",
            "• JUST C2 desk officer: Report divergent assessments",
            "(by 30/09/2021)",
            "JUST C2 desk officer European Commission DG Justice and Consumers Fundamental Rights Policy",
        ],
    );
    // The footer and the page numbers on every page.
    for page in 1..=pages {
        let n = page.to_string();
        let text = common::tool("pdftotext", &["-layout", "-f", &n, "-l", &n, s(&path), "-"]);
        let foot = text.lines().rev().find(|l| !l.trim().is_empty()).unwrap();
        assert!(foot.contains(&format!("page {page} of {pages}")), "{foot}");
        assert!(
            collapse(foot).contains("European Commission – DG Justice and Consumers – Fundamental Rights Policy"),
            "{foot}"
        );
    }
    let info = common::tool("pdfinfo", &[s(&path)]);
    let field = |name: &str| {
        let line = info.lines().find(|l| l.starts_with(&format!("{name}:"))).unwrap_or_else(|| panic!("{info}"));
        line[name.len() + 1..].trim().to_string()
    };
    assert!(field("Title").starts_with("Meeting report: Exchange between CAB Reynders"), "{info}");
    assert_eq!(field("Author"), "JUST C2 desk officer");
    assert_eq!(field("Subject"), "Flash of the meeting with IT companies on Code of conduct earlier today");
    assert_eq!(field("Keywords"), "Code of conduct on hate speech");
    assert_eq!(field("CreationDate"), "Thu Jun 24 15:14:00 2021 UTC");
}

#[test]
fn the_release_version_withholds_people_not_public_and_restricted_points_everywhere() {
    let (dir, store) = register();
    let (path, pages) = write_pdf(dir.path(), "release", &seed_flash(&store, true));
    review(&path, "seed-release");
    let text = body_text(&path, pages);
    for name in NOT_PUBLIC.iter().chain(&["desk.officer", "jan.nowak", "JAN.NOWAK", SECRET, SECRET_REPLY]) {
        assert!(!text.to_lowercase().contains(&name.to_lowercase()), "{name:?} is in the release version:\n{text}");
    }
    for kept in ORGANISATIONS.iter().chain(&["Lucrezia Busa", "BUSA Lucrezia (CAB-REYNDERS)"]) {
        assert!(text.contains(kept), "{kept:?} is missing from the release version:\n{text}");
    }
    assert_in_order(
        &text,
        &[
            "From: [REDACTED]",
            "To: BUSA Lucrezia (CAB-REYNDERS)",
            "Cc: [REDACTED]; [REDACTED]",
            "Participants: Lucrezia Busa (CAB Reynders), [REDACTED] (JUST C2); [REDACTED] (YouTube), [REDACTED] (Twitter)",
            "• Facebook and Instagram: Recorded duplicate notifications",
            "– CAB Reynders: Divergent assessments",
            "(Baltic). • [REDACTED] • Jeuxvideo.com: New feature",
            "• TikTok: As [REDACTED] ([REDACTED]) and the [REDACTED] noted, Ms [REDACTED] will follow up with Lucrezia Busa.",
            "• [REDACTED]: Report divergent assessments",
            "[REDACTED] European Commission DG Justice and Consumers",
        ],
    );
    // Nothing of the restricted point in the file: its text layer, its metadata, any stream.
    let info = common::tool("pdfinfo", &[s(&path)]);
    assert!(!info.contains("Marmalade") && !info.contains("desk officer"), "{info}");
    let expanded = dir.path().join("expanded.pdf");
    common::tool("qpdf", &["--qdf", "--object-streams=disable", s(&path), s(&expanded)]);
    let bytes = std::fs::read(&expanded).unwrap();
    for secret in [SECRET, SECRET_REPLY, "Marmalade", "Zanzibar", "Nowak", "desk officer"] {
        let utf16: Vec<u8> = secret.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let hex: String = utf16.iter().map(|b| format!("{b:02x}")).collect();
        let found = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
        assert!(!found(secret.as_bytes()) && !found(&utf16) && !found(hex.as_bytes()), "{secret:?} is in the file");
    }
    // The internal version does carry them.
    let (internal, pages) = write_pdf(dir.path(), "internal", &seed_flash(&store, false));
    let text = body_text(&internal, pages);
    assert!(text.contains(SECRET) && text.contains("JUST C2 desk officer") && text.contains("jan nowak"));
}

#[test]
fn the_seed_flash_is_clean_small_and_embeds_subset_fonts() {
    let (dir, store) = register();
    for redacted in [false, true] {
        let (path, _) =
            write_pdf(dir.path(), if redacted { "release" } else { "internal" }, &seed_flash(&store, redacted));
        let check = common::tool("qpdf", &["--check", s(&path)]);
        assert!(check.contains("No syntax or stream encoding errors found"), "{check}");
        let fonts = common::tool("pdffonts", &[s(&path)]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "embedded, subset, unicode: {row}");
            assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "subset tag: {row}");
        }
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size < 60 * 1024, "the seed flash is {size} bytes");
        eprintln!("seed flash ({}): {size} bytes", if redacted { "release" } else { "internal" });
    }
}

// ---------------------------------------------------------------------------------------------
// Many pages, every language, the strange input

const LANGUAGES: [&str; 24] = [
    "Комисията обсъди резултатите от наблюдението с платформите.",
    "Komise projednala výsledky šestého monitorovacího cvičení.",
    "Kommissionen drøftede resultaterne med platformene på området.",
    "Die Kommission begrüßte die Fortschritte bei der Rückmeldung.",
    "Η Επιτροπή συζήτησε τα αποτελέσματα της παρακολούθησης.",
    "The Commission discussed the “next steps” — a workshop… and €10,000.",
    "La Comisión señaló que la cooperación sigue siendo esencial.",
    "Komisjon arutas seire tulemusi; järgmine kohtumine on sügisel.",
    "Komissio käsitteli seurannan tuloksia; työpaja järjestetään syksyllä.",
    "La Commission a salué les efforts des plateformes « en ligne ».",
    "Phléigh an Coimisiún torthaí an chleachtaidh faireacháin.",
    "Komisija je s platformama raspravila rezultate; đaci će pratiti.",
    "A Bizottság üdvözölte a gyűlöletbeszéd elleni fellépést; erőfeszítés.",
    "La Commissione ha ringraziato le piattaforme per la collaborazione più stretta.",
    "Komisija aptarė stebėsenos rezultatus su platformomis.",
    "Komisija apsprieda uzraudzības rezultātus; ķēde, ļoti, ņemot.",
    "Il-Kummissjoni ħabbret laqgħa ġdida mal-pjattaformi; żmien ċar.",
    "De Commissie besprak de resultaten met de platforms.",
    "Komisja omówiła wyniki ćwiczenia monitorującego; źródła są różne.",
    "A Comissão sublinhou a importância da cooperação.",
    "Comisia a discutat rezultatele și următorii pași; ţ şi ț.",
    "Komisia prerokovala výsledky monitorovania; ďalší krok je ľahký.",
    "Komisija je razpravljala o rezultatih spremljanja čez poletje.",
    "Kommissionen diskuterade resultaten med plattformarna i år.",
];

fn long_word() -> String {
    let mut word = String::from("https://example.europa.eu/");
    while word.chars().count() < 3000 {
        word.push_str("abcdefghij");
    }
    word.truncate(3000);
    word
}

fn stress_meeting() -> (Meeting, flash::Names) {
    let objective: String =
        (0..2000).map(|k| format!("word{k}")).collect::<Vec<_>>().join(" ") + &format!(" {}", long_word());
    let mut points = Vec::new();
    for k in 0..60 {
        let text = format!(
            "{} {}\u{200F}rtl\u{202E} mark 😀 bell\u{7} esc\u{1b} end{k}",
            LANGUAGES[k % 24],
            LANGUAGES[(k + 7) % 24]
        );
        let by = ["youtube", "just"][k % 2];
        let mut point = json!({"by": by, "text": text, "restricted": k % 13 == 5, "points": []});
        if k % 4 == 0 {
            point["points"] = json!([{"text": format!("Reply {k}: {}", LANGUAGES[(k + 3) % 24]), "points": [
                {"text": format!("Deeper {k}: {}", LANGUAGES[(k + 11) % 24])}]}]);
        }
        points.push(point);
    }
    let doc = json!({
        "format": "code-register/1",
        "organisations": [
            {"key": "youtube", "name": "YouTube", "kind": "platform"},
            {"key": "just", "name": "DG Justice", "acronym": "JUST C2", "kind": "commission"}
        ],
        "people": [
            {"key": "me", "name": "Ewa Kowalska-Øster", "familyName": "Kowalska-Øster", "organisation": "just",
             "email": "ewa@ec.example.eu", "public": false},
            {"key": "noemail", "name": "Ľudovít Štúr", "familyName": "Štúr", "organisation": "youtube", "public": true}
        ],
        "meetings": [{
            "key": "stress", "title": "Ελληνικά, български, Malti ħ, română ș ț, magyar ő ű: every language",
            "kind": "meeting", "start": "2021-11-18T09:00", "end": "2021-11-19T17:00", "status": "held",
            "objective": objective,
            "participants": [{"person": "me"}, {"person": "noemail"}, {"organisation": "youtube"}],
            "points": points,
            "actions": [{"key": "a1", "title": "Ħabbar il-laqgħa ġdida", "owners": ["me", "youtube"],
                         "due": "2021-12-01", "status": "open"}],
            "flash": {"from": "me", "to": ["noemail"], "cc": [], "subject": "Flash – Ελληνικά"}
        }]
    });
    let doc = parse_document(&serde_json::to_vec(&doc).unwrap()).unwrap();
    let meeting = doc.meetings[0].clone();
    (meeting, flash::Names::new(doc.people, doc.organisations, doc.codes))
}

/// A word on a page (from 1): its box (x and y, min then max, from the top left) and text.
type WordBox = (usize, [f32; 4], String);

/// Every word's box and each page's size, from `pdftotext -bbox`.
fn word_boxes(path: &Path) -> (Vec<(f32, f32)>, Vec<WordBox>) {
    let attr = |line: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let start = line.find(&key).unwrap() + key.len();
        line[start..start + line[start..].find('"').unwrap()].parse().unwrap()
    };
    let xml = common::tool("pdftotext", &["-bbox", s(path), "-"]);
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height")));
        } else if line.starts_with("<word ") {
            let text = line.split('>').nth(1).unwrap_or("").trim_end_matches("</word").to_string();
            let b = [attr(line, "xMin"), attr(line, "yMin"), attr(line, "xMax"), attr(line, "yMax")];
            words.push((pages.len(), b, text));
        }
    }
    (pages, words)
}

#[test]
fn sixty_points_in_every_language_make_a_multi_page_flash_with_nothing_lost_or_outside() {
    let (meeting, names) = stress_meeting();
    let dir = tempfile::tempdir().unwrap();
    for redacted in [false, true] {
        let flash = flash::compose(&meeting, &names, &Settings::default(), redacted);
        let typeset = flash::typeset(&flash, created()).unwrap();
        // The emoji cannot be shown: replaced visibly, and said.
        assert!(typeset.warnings.iter().any(|w| w.contains("U+1F600")), "{:?}", typeset.warnings);
        assert!(typeset.pages >= 5, "{} pages", typeset.pages);
        let path = dir.path().join(format!("stress-{redacted}.pdf"));
        std::fs::write(&path, &typeset.bytes).unwrap();
        let pages = typeset.pages;
        let text = body_text(&path, pages);
        for language in LANGUAGES {
            assert!(text.contains(language), "{language:?} did not come through");
        }
        for k in 0..60 {
            let restricted = k % 13 == 5;
            assert_eq!(
                text.contains(&format!("end{k} ")) || text.ends_with(&format!("end{k}")),
                !(redacted && restricted)
            );
        }
        assert!(text.contains("rtl mark \u{FFFD} bell esc end"), "marks and controls dropped, emoji replaced");
        assert!(text.contains("word1999"));
        let whole = common::tool("pdftotext", &[s(&path), "-"]).replace(['\n', ' '], "");
        assert!(whole.contains(&long_word()), "the 3,000-character word is broken, not lost");
        for page in 1..=pages {
            let n = page.to_string();
            let page_text = common::tool("pdftotext", &["-layout", "-f", &n, "-l", &n, s(&path), "-"]);
            assert!(page_text.contains(&format!("page {page} of {pages}")));
        }
        // Nothing outside the page, nor in the side margins.
        let (sizes, words) = word_boxes(&path);
        assert_eq!(sizes.len(), pages);
        let margin = 22.0 * 72.0 / 25.4 - 0.01;
        for (page, [x0, y0, x1, y1], word) in &words {
            let (w, h) = sizes[page - 1];
            assert!(
                *x0 >= margin && *x1 <= w - margin && *y0 >= 0.0 && *y1 <= h,
                "{word:?} at {x0},{y0} on page {page}"
            );
        }
        if redacted {
            assert!(!text.contains("Kowalska") && !text.contains("KOWALSKA"), "me, not public");
            assert!(text.contains("Ľudovít Štúr") && text.contains("ŠTÚR Ľudovít (YOUTUBE)"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The e-mail draft, the text, the window's view

const PARSE_EML: &str = r#"
import email, email.policy, json, sys
msg = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.strict)
attachments = list(msg.iter_attachments())
for a in attachments:
    open(sys.argv[2], "wb").write(a.get_content())
print(json.dumps({
    "unsent": msg["X-Unsent"], "from": str(msg["From"]), "to": str(msg["To"]), "cc": str(msg["Cc"]),
    "subject": str(msg["Subject"]), "date": str(msg["Date"]), "defects": len(msg.defects),
    "plain": msg.get_body(("plain",)).get_content(), "html": msg.get_body(("html",)).get_content(),
    "attachments": [[a.get_content_type(), a.get_filename()] for a in attachments],
}))
"#;

fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

#[test]
fn the_email_draft_parses_and_carries_the_pdf_byte_for_byte() {
    let (dir, store) = register();
    let flash = seed_flash(&store, false);
    let (eml, typeset) = flash::email(&flash, created()).unwrap();
    let path = dir.path().join("flash.eml");
    std::fs::write(&path, &eml).unwrap();
    let attachment = dir.path().join("attachment.pdf");
    let out = common::tool(s(&python()), &["-c", PARSE_EML, s(&path), s(&attachment)]);
    let parsed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed["unsent"], "1");
    assert_eq!(parsed["defects"], 0);
    assert_eq!(parsed["from"], "\"JUST C2 desk officer (JUST-C2)\" <desk.officer@ec.example.eu>");
    assert_eq!(parsed["to"], "\"BUSA Lucrezia (CAB-REYNDERS)\" <lucrezia.busa@ec.example.eu>");
    assert!(parsed["cc"].as_str().unwrap().contains("\"NOWÁK Jan (JUST-C2)\" <jan.nowak@ec.example.eu>"), "{parsed}");
    assert_eq!(parsed["subject"], "Flash of the meeting with IT companies on Code of conduct earlier today");
    assert_eq!(parsed["date"], "Thu, 24 Jun 2021 15:14:00 +0000");
    assert_eq!(parsed["attachments"], json!([["application/pdf", "flash-2021-06-24-it-companies.pdf"]]));
    assert_eq!(std::fs::read(&attachment).unwrap(), typeset.bytes, "the attachment is the PDF");
    let plain = parsed["plain"].as_str().unwrap();
    assert!(plain.contains("Meeting report: Exchange between CAB Reynders") && plain.contains("• Twitter: Monitoring"));
    let html = parsed["html"].as_str().unwrap();
    assert!(html.contains("<b>CAB Reynders:</b> Thanked") && html.contains("<b>Date: 24/06/2021</b>"), "{html}");
}

#[test]
fn people_without_an_address_are_named_in_the_body_and_told_on_stderr() {
    let r = common::Register::seeded();
    let mut doc = common::seed();
    for p in doc["people"].as_array_mut().unwrap() {
        if p["key"] == "just-hou" {
            p.as_object_mut().unwrap().remove("email");
        }
    }
    r.import(&doc).ok();
    let out = r.dir.path().join("draft.eml");
    let run = r.run(&["flash", SEED_MEETING, "--eml", "-o", s(&out)]).ok();
    assert!(run.stderr.contains("JUST C2 head of unit (JUST-C2) has no e-mail address"), "{}", run.stderr);
    assert!(run.stdout.contains("e-mail draft"), "{}", run.stdout);
    let attachment = r.dir.path().join("a.pdf");
    let parsed: Value =
        serde_json::from_str(&common::tool(s(&python()), &["-c", PARSE_EML, s(&out), s(&attachment)])).unwrap();
    assert_eq!(parsed["cc"], "None", "nobody to address in Cc");
    let plain = parsed["plain"].as_str().unwrap().replace("\r\n", "\n");
    assert!(plain.starts_with("To: BUSA Lucrezia (CAB-REYNDERS)\nCc: JUST C2 head of unit (JUST-C2)\n"), "{plain}");
    let text = common::tool("pdftotext", &[s(&attachment), "-"]);
    assert!(text.contains("Meeting report:"));
}

/// The file's name says what it holds: `-o draft.eml` writes the e-mail draft without `--eml`,
/// and `--eml` into a `.pdf` is refused before anything is written.
#[test]
fn an_output_file_named_eml_gets_the_email_draft() {
    let r = common::Register::seeded();
    let out = r.dir.path().join("Draft.EML");
    let run = r.run(&["flash", SEED_MEETING, "-o", s(&out)]).ok();
    assert!(run.stdout.contains("e-mail draft"), "{}", run.stdout);
    let bytes = std::fs::read(&out).unwrap();
    assert!(!bytes.starts_with(b"%PDF") && String::from_utf8_lossy(&bytes).contains("Content-Type: multipart/"));

    let pdf = r.dir.path().join("flash.pdf");
    let refused = r.run(&["flash", SEED_MEETING, "--eml", "-o", s(&pdf)]);
    assert_eq!(refused.status, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("--eml writes an e-mail draft, not a PDF"), "{}", refused.stderr);
    assert!(!pdf.exists(), "nothing written");
}

#[test]
fn the_window_and_the_cli_print_the_text_of_the_same_composer() {
    let r = common::Register::seeded();
    let store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    for redacted in [false, true] {
        let meeting = store.meeting(SEED_MEETING).unwrap();
        let save = MeetingSave { meeting, new_organisations: Vec::new(), new_people: Vec::new() };
        let view = flash::view(&store, &save, redacted, 1, created()).unwrap();
        let mut args = vec!["flash", SEED_MEETING, "--text"];
        if redacted {
            args.push("--redacted");
        }
        let cli = r.run(&args).ok();
        assert_eq!(view.text, cli.stdout);
        assert_eq!(view.text, flash::text::render(&view.flash));
        assert!(view.image.starts_with("data:image/png;base64,iVBORw0KGgo"));
        assert!(view.pages >= 1 && view.page == 1 && view.width == 827 && view.height == 1169);
    }
}

#[test]
fn unsaved_edits_and_new_people_show_in_the_view() {
    let r = common::Register::seeded();
    let store = Store::open(&r.db, OpenMode::MustExist).unwrap();
    let mut meeting = store.meeting(SEED_MEETING).unwrap();
    meeting.title = "Edited, not saved".into();
    meeting.participants.push(serde_json::from_value(json!({"person": "new-person-1"})).unwrap());
    meeting.flash = None;
    let save = MeetingSave {
        meeting,
        new_organisations: Vec::new(),
        new_people: vec![serde_json::from_value(
            json!({"key": "new-person-1", "name": "Zofia Nowa", "organisation": "tiktok"}),
        )
        .unwrap()],
    };
    let view = flash::view(&store, &save, false, 9, created()).unwrap();
    assert!(view.text.contains("Meeting report: Edited, not saved"));
    assert!(view.text.contains("Zofia Nowa (TikTok)"));
    assert!(!view.flash.header.recorded && !view.flash.notes.is_empty(), "a header made up, and said");
    assert_eq!(view.page, view.pages, "a page past the end shows the last");
    let released = flash::view(&store, &save, true, 1, created()).unwrap();
    assert!(!released.text.contains("Zofia"), "a new person is not public");
}

#[test]
fn the_page_picture_is_the_pdf() {
    let (dir, store) = register();
    let typeset = flash::typeset(&seed_flash(&store, true), created()).unwrap();
    let picture = flash::preview::page_png(&typeset.bytes, 1, 100.0).unwrap();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("flash-review");
    std::fs::create_dir_all(&path).unwrap();
    std::fs::write(path.join("preview-release-1.png"), &picture.png).unwrap();
    // Ink where poppler sees text, paper in the margins: compare with pdftoppm at the same size.
    let pdf = dir.path().join("r.pdf");
    std::fs::write(&pdf, &typeset.bytes).unwrap();
    common::tool("pdftoppm", &["-r", "100", "-gray", "-f", "1", "-l", "1", s(&pdf), s(&dir.path().join("p"))]);
    let pgm = std::fs::read(
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().ends_with(".pgm"))
            .unwrap()
            .path(),
    )
    .unwrap();
    // PGM: "P5\n827 1170\n255\n" then the pixels (poppler rounds the height up).
    let header_end = pgm.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(2).unwrap().0 + 1;
    let size: Vec<usize> =
        String::from_utf8_lossy(&pgm[3..header_end]).split_whitespace().take(2).map(|v| v.parse().unwrap()).collect();
    assert_eq!(size[0], 827);
    let theirs = &pgm[header_end..header_end + 827 * 1169];
    assert_eq!((picture.width, picture.height), (827, 1169));
    let ours = decode_grey_png(&picture.png, 827, 1169);
    let dark = |p: &[u8]| p.iter().filter(|&&v| v < 128).count();
    let (a, b) = (dark(&ours), dark(theirs));
    assert!(a > 10_000 && (a as f64 / b as f64 - 1.0).abs() < 0.25, "ink: ours {a}, poppler's {b}");
    // Row by row, ink in the same rows.
    let rows = |p: &[u8]| (0..1169).map(|y| p[y * 827..(y + 1) * 827].iter().any(|&v| v < 128)).collect::<Vec<_>>();
    let (ra, rb) = (rows(&ours), rows(theirs));
    // Anti-aliasing may shift where a glyph's edge crosses the threshold by a row.
    let near = |rows: &[bool], y: usize| rows[y.saturating_sub(1)..(y + 2).min(rows.len())].iter().any(|&r| r);
    let alone = (0..1169).filter(|&y| (ra[y] && !near(&rb, y)) || (rb[y] && !near(&ra, y))).count();
    assert_eq!(alone, 0, "rows with ink in one picture only");
}

/// The pixels of an 8-bit grey PNG with unfiltered rows (what the preview writes).
fn decode_grey_png(png: &[u8], width: usize, height: usize) -> Vec<u8> {
    use std::io::Read;
    let mut at = 8;
    let mut idat = Vec::new();
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        if &png[at + 4..at + 8] == b"IDAT" {
            idat.extend_from_slice(&png[at + 8..at + 8 + len]);
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
    assert_eq!(raw.len(), (width + 1) * height);
    raw.chunks(width + 1).flat_map(|row| row[1..].to_vec()).collect()
}
