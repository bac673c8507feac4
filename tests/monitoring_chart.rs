//! `monitoring chart` through the real binary, on the seed register with the published figures
//! of the hate-speech Code imported: the SVG read back as XML, its points measured against its
//! own value axis; the PNG's signature and size; bad arguments all named at once.

// Integration tests: a panic is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Register;
use serde_json::json;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/monitoring/coc-hate-speech-results.csv");

fn monitored() -> Register {
    let r = Register::seeded();
    r.run(&["monitoring", "import", FIXTURE, "--create-organisations"]).ok();
    r
}

/// Runs `monitoring chart` with `args` into `name` in the register's folder; the file's bytes.
fn chart(r: &Register, name: &str, args: &[&str]) -> Vec<u8> {
    let out = r.dir.path().join(name);
    let mut all = vec!["monitoring", "chart", "--code", "coc-hate-speech"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().unwrap()]);
    r.run(&all).ok();
    std::fs::read(&out).unwrap()
}

/// Where the legend's column begins (the chart is 880 wide, the legend 190).
const LEGEND_LEFT: u32 = 880 - 190;

/// What the tests read from an SVG chart.
struct Svg {
    /// (value, y) of the value axis' tick labels.
    ticks: Vec<(f64, f64)>,
    /// (text, x) of the labels under the plot (exercises or organisations).
    x_labels: Vec<(String, f64)>,
    /// Per series (by its class): the dots' centres, the lines' points, the bars (x, top, bottom), texts.
    dots: Vec<Vec<(f64, f64)>>,
    lines: Vec<Vec<Vec<(f64, f64)>>>,
    bars: Vec<Vec<(f64, f64, f64)>>,
    texts: Vec<Vec<String>>,
}

fn num(node: roxmltree::Node, attr: &str) -> f64 {
    node.attribute(attr).unwrap_or_else(|| panic!("{attr} on {node:?}")).parse().unwrap()
}

fn read_svg(bytes: &[u8]) -> Svg {
    let text = std::str::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(text).expect("the SVG parses as XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let mut svg = Svg { ticks: vec![], x_labels: vec![], dots: vec![], lines: vec![], bars: vec![], texts: vec![] };
    let series_of = |n: roxmltree::Node| -> Option<usize> {
        n.attribute("class").and_then(|c| c.strip_prefix("series-")).map(|k| k.parse().unwrap())
    };
    let grow = |len: usize, k: usize| len.max(k + 1);
    for n in doc.descendants().filter(|n| n.is_element()) {
        let content = n.text().unwrap_or("").trim().to_string();
        match (n.tag_name().name(), series_of(n)) {
            ("text", None) => {
                if n.attribute("text-anchor") == Some("end") && n.attribute("transform").is_none() {
                    if let Ok(v) = content.replace(',', "").parse::<f64>() {
                        svg.ticks.push((v, num(n, "y")));
                    }
                } else if n.attribute("text-anchor") == Some("middle") && n.attribute("transform").is_none() {
                    svg.x_labels.push((content, num(n, "x")));
                }
            }
            (tag, Some(k)) => {
                let size = grow(svg.dots.len(), k);
                svg.dots.resize(size, vec![]);
                svg.lines.resize(size, vec![]);
                svg.bars.resize(size, vec![]);
                svg.texts.resize(size, vec![]);
                // The legend's column, right of the plot, has its own line and dot per series.
                let in_legend = |x: f64| x >= f64::from(LEGEND_LEFT);
                match tag {
                    "circle" if in_legend(num(n, "cx")) => {}
                    "polyline"
                        if n.attribute("points").is_some_and(|p| p.starts_with(&format!("{}", LEGEND_LEFT + 8))) => {}
                    "circle" => svg.dots[k].push((num(n, "cx"), num(n, "cy"))),
                    "polyline" => svg.lines[k].push(
                        n.attribute("points")
                            .unwrap()
                            .split_whitespace()
                            .map(|p| {
                                let (x, y) = p.split_once(',').unwrap();
                                (x.parse().unwrap(), y.parse().unwrap())
                            })
                            .collect(),
                    ),
                    "rect" => svg.bars[k].push((
                        num(n, "x") + num(n, "width") / 2.0,
                        num(n, "y"),
                        num(n, "y") + num(n, "height"),
                    )),
                    "text" => svg.texts[k].push(content),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    svg
}

impl Svg {
    /// The y of `value` on the value axis, from its two outermost tick labels.
    fn y_of(&self, value: f64) -> f64 {
        let low = self.ticks.iter().cloned().fold((f64::MAX, 0.0), |a, t| if t.0 < a.0 { t } else { a });
        let high = self.ticks.iter().cloned().fold((f64::MIN, 0.0), |a, t| if t.0 > a.0 { t } else { a });
        assert!(high.0 > low.0, "two tick labels at least: {:?}", self.ticks);
        low.1 + (value - low.0) * (high.1 - low.1) / (high.0 - low.0)
    }
    /// The x of the label `label` under the axis, whole or as its first line (a long label is
    /// broken in two).
    fn x_of(&self, label: &str) -> f64 {
        self.x_labels
            .iter()
            .find(|(t, _)| !t.is_empty() && (t == label || label.starts_with(&format!("{t} "))))
            .unwrap_or_else(|| panic!("{label} in {:?}", self.x_labels))
            .1
    }
    fn series_named(&self, name: &str) -> usize {
        self.texts.iter().position(|t| t.iter().any(|s| s == name)).unwrap_or_else(|| panic!("{name} in the legend"))
    }
}

fn near(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() <= 1.5 && (a.1 - b.1).abs() <= 1.5
}

#[test]
fn the_line_chart_puts_each_series_point_at_its_value() {
    let r = monitored();
    let svg =
        read_svg(&chart(&r, "removal.svg", &["--indicator", "removal-rate", "--org", "tiktok", "--org", "twitter"]));
    assert_eq!(svg.dots.len(), 3, "the average, TikTok and Twitter, and no other series");
    assert_eq!(svg.series_named("All organisations"), 0, "the average first, as in the legend");
    assert_eq!(svg.series_named("TikTok"), 1);
    assert_eq!(svg.series_named("Twitter"), 2);
    // The seven exercises along the x axis, in order.
    let exercises: Vec<&str> =
        svg.x_labels.iter().map(|(t, _)| t.as_str()).filter(|t| t.ends_with("monitoring")).collect();
    assert_eq!(exercises.len(), 7, "{:?}", svg.x_labels);
    assert!(svg.x_of("1st monitoring") < svg.x_of("7th monitoring"));

    let sixth = svg.x_of("6th monitoring");
    let average = (sixth, svg.y_of(62.5));
    assert!(svg.dots[0].iter().any(|&d| near(d, average)), "62.5 at {average:?}: {:?}", svg.dots[0]);
    assert_eq!(svg.dots[0].len(), 7, "the average of every exercise");
    assert_eq!(svg.lines[0].len(), 1, "one unbroken line");
    assert!(svg.lines[0][0].iter().any(|&p| near(p, average)));
    // TikTok has one removal rate, the 6th exercise's: a dot, no line, nothing at zero.
    assert_eq!(svg.dots[1].len(), 1);
    assert!(near(svg.dots[1][0], (sixth, svg.y_of(80.1))), "80.1 at {:?}: {:?}", (sixth, svg.y_of(80.1)), svg.dots[1]);
    assert!(svg.lines[1].is_empty());
    // Twitter from the 5th to the 7th.
    assert_eq!(svg.dots[2].len(), 3);
    assert!(svg.dots[2].iter().any(|&d| near(d, (svg.x_of("7th monitoring"), svg.y_of(45.4)))));
}

#[test]
fn a_missing_value_is_a_gap_never_a_zero() {
    let r = monitored();
    // Instagram gets a 3rd exercise figure: 3rd, (no 4th), 5th, 6th.
    r.import(&json!({
        "format": "code-register/1",
        "results": [{"exercise": "3rd-monitoring", "organisation": "instagram", "indicator": "removal-rate", "value": 50}],
        "meetings": []
    }))
    .ok();
    let svg = read_svg(&chart(&r, "gap.svg", &["--indicator", "removal-rate", "--org", "instagram"]));
    let k = svg.series_named("Instagram");
    assert_eq!(svg.dots[k].len(), 3);
    let zero = svg.y_of(0.0);
    assert!(svg.dots[k].iter().all(|d| (d.1 - zero).abs() > 5.0), "nothing drawn at zero");
    // One line, from the 5th to the 6th; the 3rd stands alone, nothing crosses the 4th.
    assert_eq!(svg.lines[k].len(), 1, "{:?}", svg.lines[k]);
    let line = &svg.lines[k][0];
    assert_eq!(line.len(), 2);
    assert!(near(line[0], (svg.x_of("5th monitoring"), svg.y_of(42.0))));
    assert!(near(line[1], (svg.x_of("6th monitoring"), svg.y_of(66.2))));
    let fourth = svg.x_of("4th monitoring");
    assert!(svg.lines[k].iter().flatten().all(|p| (p.0 - fourth).abs() > 5.0));
    assert!(svg.dots[k].iter().any(|&d| near(d, (svg.x_of("3rd monitoring"), svg.y_of(50.0)))));
}

#[test]
fn every_organisation_with_a_figure_is_drawn_when_none_is_asked() {
    let r = monitored();
    let svg = read_svg(&chart(&r, "all.svg", &["--indicator", "removal-rate"]));
    // The average, Facebook (named "Facebook and Instagram" in the seed), Instagram, TikTok, Twitter, YouTube.
    assert_eq!(svg.dots.len(), 6);
    for name in ["All organisations", "Facebook and Instagram", "Instagram", "TikTok", "Twitter", "YouTube"] {
        svg.series_named(name);
    }
}

#[test]
fn the_bar_chart_shows_one_exercise_by_organisation() {
    let r = monitored();
    let svg = read_svg(&chart(
        &r,
        "bars.svg",
        &["--indicator", "removal-rate", "--exercise", "7th-monitoring", "--org", "youtube", "--org", "tiktok"],
    ));
    assert_eq!(svg.bars.len(), 3);
    let zero = svg.y_of(0.0);
    let youtube = svg.series_named("90.4 %");
    let bar = svg.bars[youtube][0];
    assert!((bar.0 - svg.x_of("YouTube")).abs() <= 1.5);
    assert!((bar.1 - svg.y_of(90.4)).abs() <= 1.5, "top at 90.4: {bar:?}");
    assert!((bar.2 - zero).abs() <= 1.5, "from zero: {bar:?}");
    assert!((svg.bars[0][0].1 - svg.y_of(63.6)).abs() <= 1.5, "the average's bar");
    // TikTok has no removal rate in the 7th exercise: no bar, said so.
    let tiktok = svg.series_named("no figure");
    assert!(svg.bars[tiktok].is_empty());
}

#[test]
fn a_png_chart_is_a_png_of_the_chart_size() {
    let r = monitored();
    let png = chart(&r, "removal.png", &["--indicator", "removal-rate", "--org", "tiktok"]);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (880, 440));
    assert_eq!(png[25], 2, "RGB");
    assert!(png.ends_with(&[0xAE, 0x42, 0x60, 0x82]), "ends with IEND's CRC");
}

#[test]
fn bad_arguments_are_all_named_at_once() {
    let r = monitored();
    let out = r.dir.path().join("chart.gif");
    let run = r.run(&[
        "monitoring",
        "chart",
        "--code",
        "coc-hate-speech",
        "--indicator",
        "speed",
        "--org",
        "ghost",
        "--exercise",
        "9th",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    for expected in [
        "--indicator: the Code \"coc-hate-speech\" has no indicator \"speed\"",
        "--org: no organisation with key \"ghost\"",
        "--exercise: no exercise with key \"9th\"",
        "-o: ",
    ] {
        assert!(run.stderr.contains(expected), "{expected} in:\n{}", run.stderr);
    }
    assert!(!out.exists(), "nothing written");

    // An organisation without any figure of the indicator; an unknown Code.
    let run = r.run(&[
        "monitoring",
        "chart",
        "--code",
        "coc-hate-speech",
        "--indicator",
        "removal-rate",
        "--org",
        "jeuxvideo",
        "-o",
        r.dir.path().join("x.svg").to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("\"jeuxvideo\" has no figure of the indicator \"removal-rate\""), "{}", run.stderr);
    let run = r.run(&["monitoring", "chart", "--code", "nope", "--indicator", "x", "-o", "x.svg"]);
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("--code: no Code with key \"nope\""), "{}", run.stderr);
}

#[test]
fn an_organisation_s_indicators_come_with_their_latest_figure_and_a_small_chart() {
    use code_register::monitoring::view;
    use code_register::store::{OpenMode, Store};
    let r = monitored();
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    let figures = view::organisation_indicators(&store, "tiktok").unwrap();
    let keys: Vec<&str> = figures.iter().map(|f| f.indicator.as_str()).collect();
    assert_eq!(keys, ["reviewed-within-24h", "removal-rate", "notifications"], "those it has figures of");
    let removal = &figures[1];
    let latest = removal.latest.as_ref().unwrap();
    assert_eq!((latest.exercise.as_str(), latest.text.as_str()), ("6th monitoring", "80.1 %"));
    let reviewed = figures[0].latest.as_ref().unwrap();
    assert_eq!(reviewed.text, "91.7 %");
    assert_eq!(reviewed.cell.change, Some(9.2));
    // The small chart: the average and TikTok, no legend, its one point at 80.1 on the axis.
    assert_eq!((removal.chart.width, removal.chart.height), (400, 200));
    let names: Vec<&str> = removal.chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["All organisations", "TikTok"]);
    let svg = read_svg(removal.chart.svg.as_bytes());
    assert_eq!(svg.dots[1].len(), 1);
    assert!((svg.dots[1][0].1 - svg.y_of(80.1)).abs() <= 1.5);
    assert!(svg.texts.iter().all(|t| t.is_empty()), "no legend text: the window names the series");
    // An organisation without figures has none.
    assert!(view::organisation_indicators(&store, "inach").unwrap().is_empty());
}

#[test]
fn a_meeting_naming_an_exercise_gets_its_figures_for_the_organisations_present() {
    use code_register::monitoring::view;
    use code_register::store::{OpenMode, Store};
    let r = monitored();
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    // Twitter is present through its representative, a person of the register.
    let people = vec!["tw-rep".to_string()];
    let figures = view::meeting_figures(
        &store,
        &["6th-monitoring".into(), "no-such-exercise".into()],
        &["tiktok".into(), "jeuxvideo".into()],
        &people,
    )
    .unwrap();
    assert_eq!(figures.len(), 1, "an exercise not in the register is skipped");
    let sixth = &figures[0];
    assert_eq!(sixth.title, "6th monitoring");
    let indicators: Vec<&str> = sixth.indicators.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(indicators, ["reviewed-within-24h", "removal-rate", "feedback-to-users", "notifications"]);
    let names: Vec<&str> = sixth.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["All organisations", "Jeuxvideo.com", "TikTok", "Twitter"]);
    let average = &sixth.rows[0];
    assert_eq!(average.cells[1].value, Some(62.5));
    assert_eq!(average.cells[1].change, Some(-8.5));
    let tiktok = sixth.rows.iter().find(|r| r.organisation.as_deref() == Some("tiktok")).unwrap();
    assert_eq!(tiktok.cells[1].value, Some(80.1));
    assert_eq!(tiktok.cells[2].value, None, "no feedback figure: a gap");
    assert!(view::meeting_figures(&store, &[], &["tiktok".into()], &[]).unwrap().is_empty());
}

#[test]
fn the_flash_of_a_meeting_naming_an_exercise_has_that_exercise_s_table() {
    let r = monitored();
    let mut doc = common::seed();
    doc["meetings"][0]["exercises"] = json!(["6th-monitoring"]);
    assert_eq!(doc["meetings"][0]["key"], "2021-06-24-it-companies");
    r.import(&doc).ok();

    let text = r.run(&["flash", "2021-06-24-it-companies", "--text"]).ok().stdout;
    assert!(text.contains("Figures of the 6th monitoring:\n"), "{text}");
    assert!(
        text.contains("• All organisations: Reviewed within 24h 81 % (-9.4 pp); Removal rate 62.5 % (-8.5 pp)"),
        "{text}"
    );
    assert!(text.contains("• TikTok: Reviewed within 24h 82.5 %; Removal rate 80.1 %; Notifications 199\n"), "{text}");
    // The release version keeps the figures: they are published ones.
    let release = r.run(&["flash", "2021-06-24-it-companies", "--text", "--redacted"]).ok().stdout;
    assert!(release.contains("• TikTok: Reviewed within 24h 82.5 %"), "{release}");

    // In the PDF: a table, text (not a picture), one line per organisation, figures in columns.
    let pdf = r.dir.path().join("flash.pdf");
    let run = r.run(&["flash", "2021-06-24-it-companies", "-o", pdf.to_str().unwrap()]).ok();
    assert!(!run.stderr.contains("cannot be shown"), "every character in the embedded fonts: {}", run.stderr);
    let laid_out = common::tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(laid_out.contains("Figures of the 6th monitoring:"), "{laid_out}");
    let tiktok =
        laid_out.lines().find(|l| l.trim_start().starts_with("TikTok") && l.contains("80.1 %")).expect("TikTok's row");
    let words: Vec<&str> = tiktok.split("  ").map(str::trim).filter(|w| !w.is_empty()).collect();
    assert_eq!(words, ["TikTok", "82.5 %", "80.1 %", "–", "199"], "{tiktok}");
    // Right-aligned columns: the removal rate ends where its header ends (words' boxes, points).
    let boxes = common::tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let words: Vec<(String, f64)> = boxes
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let x_max = l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let text = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((text, x_max))
        })
        .collect();
    let after = |first: &str, second: &str| {
        words.windows(2).find(|w| w[0].0 == first && w[1].0 == second).map(|w| w[1].1).expect(second)
    };
    let (header_end, figure_end) = (after("Removal", "rate"), after("80.1", "%"));
    assert!((header_end - figure_end).abs() < 0.5, "{header_end} against {figure_end}");
    assert!(common::tool("pdfimages", &["-list", pdf.to_str().unwrap()]).lines().count() <= 2, "no picture");
}

#[test]
fn the_brief_of_an_organisation_has_its_latest_figures_as_a_table() {
    let r = monitored();
    let brief = r.run(&["brief", "tiktok", "--json"]).ok().json();
    let table: Vec<serde_json::Value> = brief["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| json!({"indicator": f["indicator"], "exercise": f["exercise"], "value": f["value"], "average": f["average"]}))
        .collect();
    assert_eq!(brief["figures"][1]["values"], json!([null, null, null, null, null, 80.1, null]));
    assert_eq!(brief["figures"][1]["averages"][5], json!(62.5));
    assert_eq!(
        json!(table),
        json!([
            {"indicator": "Reviewed within 24h", "exercise": "7th monitoring", "value": "91.7 % (+9.2 pp)", "average": "64.4 %"},
            {"indicator": "Removal rate", "exercise": "6th monitoring", "value": "80.1 %", "average": "62.5 %"},
            {"indicator": "Notifications", "exercise": "6th monitoring", "value": "199", "average": "4,543"}
        ])
    );
    let pdf = r.dir.path().join("brief.pdf");
    let run = r.run(&["brief", "tiktok", "-o", pdf.to_str().unwrap()]).ok();
    assert!(!run.stderr.contains("cannot be shown"), "{}", run.stderr);
    let text = common::tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Monitoring figures (the latest of each indicator):"), "{text}");
    let row = text.lines().find(|l| l.trim_start().starts_with("Reviewed within 24h")).expect("its row");
    let cells: Vec<&str> = row.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells, ["Reviewed within 24h", "7th monitoring", "91.7 % (+9.2 pp)", "64.4 %"], "{row}");
    // An organisation without figures: no such section.
    let other = r.dir.path().join("other.pdf");
    r.run(&["brief", "inach", "-o", other.to_str().unwrap()]).ok();
    let text = common::tool("pdftotext", &["-layout", other.to_str().unwrap(), "-"]);
    assert!(!text.contains("Monitoring figures"));
}

#[test]
fn the_brief_charts_each_indicator_in_vector_paths_whose_points_sit_at_the_values() {
    let r = monitored();
    let pdf = r.dir.path().join("brief.pdf");
    r.run(&["brief", "tiktok", "-o", pdf.to_str().unwrap()]).ok();
    assert!(common::tool("pdfimages", &["-list", pdf.to_str().unwrap()]).lines().count() <= 2, "no picture");
    let text = common::tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("Removal rate: TikTok (blue) and all organisations (grey), by exercise"), "{text}");
    // The content streams, uncompressed: the grid lines (light grey strokes) and TikTok's dots
    // (blue fills), each a path whose first point follows its colour.
    let plain = r.dir.path().join("plain.pdf");
    let _ = std::process::Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", pdf.to_str().unwrap(), plain.to_str().unwrap()])
        .status()
        .expect("qpdf is installed (`make test` installs it)");
    let content = String::from_utf8_lossy(&std::fs::read(&plain).unwrap()).into_owned();
    let (mut grid, mut dots) = (Vec::new(), Vec::new());
    let mut colour = "";
    for line in content.lines() {
        if line.ends_with(" RG") || line.ends_with(" rg") {
            colour = line;
        } else if let Some(start) = line.strip_suffix(" m") {
            let xy: Vec<f64> = start.split_whitespace().map(|v| v.parse().unwrap()).collect();
            match colour {
                "0.88 0.88 0.88 RG" => grid.push(xy[1]),
                "0.12156863 0.46666667 0.7058824 rg" => dots.push((xy[0], xy[1])),
                _ => {}
            }
            colour = "";
        }
    }
    // Three charts: Reviewed within 24h (grid 0 to 100, TikTok in the 6th and 7th), Removal rate
    // (its 6th only), Notifications (3 ticks).
    assert_eq!(grid.len(), 5 + 5 + 3, "{grid:?}");
    assert_eq!(dots.len(), 2 + 1 + 1, "{dots:?}");
    let (zero, hundred) = (grid[5], grid[9]);
    // A dot is a 3.2 pt square; its path starts at its top left corner.
    let centre = dots[2].1 - 1.6;
    let expected = zero + 0.801 * (hundred - zero);
    assert!((centre - expected).abs() < 0.05, "80.1 at {expected}, drawn at {centre}");
    let reviewed = dots[0].1 - 1.6;
    assert!((reviewed - (grid[0] + 0.825 * (grid[4] - grid[0]))).abs() < 0.05, "82.5");
}

#[test]
fn the_window_s_chart_is_the_line_across_the_exercises_or_one_exercise_s_bars() {
    use code_register::monitoring::view;
    use code_register::store::{OpenMode, Store};
    let r = monitored();
    let store = Store::open(&r.db, OpenMode::ReadOnly).unwrap();
    let picked = ["twitter".to_string(), "tiktok".to_string()];
    let line = view::view(&store, "coc-hate-speech", "removal-rate", &picked, None).unwrap();
    let names: Vec<&str> = line.chart.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["All organisations", "Twitter", "TikTok"], "the average, then as asked");
    assert!(line.chart.points.iter().any(|p| p.exercise == "1st-monitoring"), "the line runs across the exercises");
    let bars = view::view(&store, "coc-hate-speech", "removal-rate", &picked, Some("6th-monitoring")).unwrap();
    assert_eq!(bars.chart.series, line.chart.series);
    let tops: Vec<(&str, &str)> = bars.chart.points.iter().map(|p| (p.exercise.as_str(), p.text.as_str())).collect();
    assert_eq!(tops, [("6th-monitoring", "62.5 %"), ("6th-monitoring", "49.8 %"), ("6th-monitoring", "80.1 %")]);
    assert_eq!(bars.table, line.table, "the table is the same under either chart");
    let unknown = view::view(&store, "coc-hate-speech", "removal-rate", &[], Some("9th-monitoring")).unwrap_err();
    assert!(unknown.to_string().contains("9th-monitoring"), "{unknown}");
}
