//! Line breaking and pagination: arithmetic on advances and heights only, no printpdf types.
//!
//! Widths are integers in thousandths of an em (the unit of a PDF font's `/W` array), so a line's
//! width is an exact sum and the same text always breaks the same way.

use super::Style;

/// The advance of a character in a style, in thousandths of an em.
pub(crate) trait Advances {
    fn advance(&self, style: Style, ch: char) -> u32;
}

/// Text in one style within a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) style: Style,
    pub(crate) text: String,
}

/// One line of a paragraph: its segments in order and its width in thousandths of an em.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Line {
    pub(crate) segments: Vec<Segment>,
    pub(crate) width: u64,
}

impl Line {
    fn push(&mut self, (style, ch, advance): Cell) {
        match self.segments.last_mut() {
            Some(last) if last.style == style => last.text.push(ch),
            _ => self.segments.push(Segment { style, text: ch.to_string() }),
        }
        self.width += u64::from(advance);
    }

    fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The line's text, styles aside.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A character with its style and advance.
type Cell = (Style, char, u32);

/// Breaks styled text into lines no wider than `measure` (thousandths of an em), greedily: each
/// line takes as many words as fit. Words break at spaces only, and may change style inside (a
/// bold name followed by a colon); a word wider than the measure is broken at the margin. `\n`
/// ends a line. Spaces where a line breaks are dropped, and so are spaces at the start of a
/// line and empty lines at the end. A single character wider than the measure still gets a line
/// of its own: no text is ever lost.
pub(crate) fn break_lines(runs: &[(Style, &str)], measure: u64, advances: &impl Advances) -> Vec<Line> {
    let mut state = Breaker { measure, lines: Vec::new(), line: Line::default(), spaces: Vec::new(), word: Vec::new() };
    for &(style, text) in runs {
        for ch in text.chars() {
            match ch {
                '\n' => {
                    state.place_word();
                    state.spaces.clear();
                    state.end_line();
                }
                ' ' => {
                    state.place_word();
                    state.spaces.push((style, ch, advances.advance(style, ch)));
                }
                _ => state.word.push((style, ch, advances.advance(style, ch))),
            }
        }
    }
    state.place_word();
    state.end_line();
    let mut lines = state.lines;
    while lines.last().is_some_and(Line::is_empty) {
        lines.pop();
    }
    lines
}

struct Breaker {
    measure: u64,
    lines: Vec<Line>,
    line: Line,
    /// The spaces since the last word, placed only if a word follows on the same line.
    spaces: Vec<Cell>,
    /// The word being read.
    word: Vec<Cell>,
}

impl Breaker {
    fn end_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
    }

    fn place_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let word_width: u64 = self.word.iter().map(|c| u64::from(c.2)).sum();
        if !self.line.is_empty() {
            let space_width: u64 = self.spaces.iter().map(|c| u64::from(c.2)).sum();
            if self.line.width + space_width + word_width <= self.measure {
                for &cell in &self.spaces {
                    self.line.push(cell);
                }
            } else {
                self.end_line();
            }
        }
        self.spaces.clear();
        // Either the word fits on this line, or the line is empty: a word wider than the
        // measure is then broken at the margin, character by character.
        for cell in std::mem::take(&mut self.word) {
            if !self.line.is_empty() && self.line.width + u64::from(cell.2) > self.measure {
                self.end_line();
            }
            self.line.push(cell);
        }
    }
}

/// Something to stack on pages: a line (or a rule) of `height`, or vertical space
/// (`content: None`), which is dropped at the top of a page.
#[derive(Debug)]
pub(crate) struct Item<T> {
    pub(crate) height: f32,
    /// Whether a page may end just before this item. Headings keep with what follows, a
    /// paragraph leaves neither its first nor its last line alone (orphans and widows), and the
    /// mail header and the signature block stay whole.
    pub(crate) break_before: bool,
    pub(crate) content: Option<T>,
}

/// An item's content placed on a page, `top` points below the top of the text area.
#[derive(Debug, PartialEq)]
pub(crate) struct Placed<T> {
    pub(crate) top: f32,
    pub(crate) content: T,
}

/// Stacks items on pages of `page_height`. When an item does not fit, the page ends before the
/// last item on it that allows a break (so that a heading moves on with its paragraph); when
/// none does, before the item that did not fit. An item taller than a page gets a page of its
/// own. Empty pages are never made.
pub(crate) fn paginate<T>(items: Vec<Item<T>>, page_height: f32) -> Vec<Vec<Placed<T>>> {
    // First where each item goes (page, top), then move the contents there.
    let mut places: Vec<Option<(usize, f32)>> = Vec::with_capacity(items.len());
    places.resize(items.len(), None);
    let mut page = 0;
    let mut on_page: Vec<usize> = Vec::new();
    let mut y = 0.0f32;
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        if on_page.is_empty() && item.content.is_none() {
            i += 1;
            continue;
        }
        if on_page.is_empty() || y + item.height <= page_height + 0.001 {
            places[i] = Some((page, y));
            on_page.push(i);
            y += item.height;
            i += 1;
            continue;
        }
        let first = on_page.first().copied().unwrap_or(i);
        let at = (first + 1..=i).rev().find(|&k| items[k].break_before).unwrap_or(i);
        for &k in on_page.iter().filter(|&&k| k >= at) {
            places[k] = None;
        }
        on_page.clear();
        page += 1;
        y = 0.0;
        i = at;
    }
    let pages = if on_page.is_empty() { page } else { page + 1 };
    let mut out: Vec<Vec<Placed<T>>> = (0..pages).map(|_| Vec::new()).collect();
    for (item, place) in items.into_iter().zip(places) {
        if let (Some(content), Some((page, top))) = (item.content, place) {
            if let Some(list) = out.get_mut(page) {
                list.push(Placed { top, content });
            }
        }
    }
    out.retain(|page| !page.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every character 500 wide, bold 600, `i` 250, spaces 260, marks 0.
    struct Fixed;
    impl Advances for Fixed {
        fn advance(&self, style: Style, ch: char) -> u32 {
            match (style, ch) {
                (_, ' ') => 260,
                (_, 'i') => 250,
                (_, '\u{0301}') => 0,
                (Style::Bold, _) => 600,
                _ => 500,
            }
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn greedy_fills_each_line() {
        // "aaa bbb" is 500*6+260 = 3260.
        let lines = break_lines(&[(Style::Regular, "aaa bbb ccc ddd")], 3260, &Fixed);
        assert_eq!(texts(&lines), ["aaa bbb", "ccc ddd"]);
        assert!(lines.iter().all(|l| l.width <= 3260));
        let lines = break_lines(&[(Style::Regular, "aaa bbb ccc ddd")], 3259, &Fixed);
        assert_eq!(texts(&lines), ["aaa", "bbb", "ccc", "ddd"]);
    }

    #[test]
    fn styles_change_inside_a_line_and_inside_a_word() {
        let lines =
            break_lines(&[(Style::Bold, "CAB Reynders"), (Style::Regular, ": thanked the platforms")], 100_000, &Fixed);
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0].segments,
            [
                Segment { style: Style::Bold, text: "CAB Reynders".into() },
                Segment { style: Style::Regular, text: ": thanked the platforms".into() },
            ]
        );
        // "Reynders:" is one word: it does not break before the colon.
        let lines = break_lines(&[(Style::Bold, "CAB Reynders"), (Style::Regular, ": x")], 600 * 8 + 500, &Fixed);
        assert_eq!(texts(&lines), ["CAB", "Reynders:", "x"]);
    }

    #[test]
    fn a_long_word_breaks_at_the_margin() {
        let word = "x".repeat(25);
        let lines = break_lines(&[(Style::Regular, &format!("see {word} now"))], 5000, &Fixed);
        assert_eq!(texts(&lines), ["see", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx now"]);
        assert!(lines.iter().all(|l| l.width <= 5000));
    }

    #[test]
    fn newlines_end_lines_and_spaces_at_breaks_go() {
        let lines = break_lines(&[(Style::Regular, "  one  two\n\nthree   \n  four\n\n")], 100_000, &Fixed);
        assert_eq!(texts(&lines), ["one  two", "", "three", "four"]);
        assert!(break_lines(&[(Style::Regular, "")], 1000, &Fixed).is_empty());
        assert!(break_lines(&[(Style::Regular, " \n \n")], 1000, &Fixed).is_empty());
    }

    #[test]
    fn a_character_wider_than_the_measure_still_prints() {
        let lines = break_lines(&[(Style::Regular, "ab")], 100, &Fixed);
        assert_eq!(texts(&lines), ["a", "b"]);
    }

    #[test]
    fn zero_width_marks_stay_with_their_letter() {
        let lines = break_lines(&[(Style::Regular, "aa\u{0301}a")], 1000, &Fixed);
        assert_eq!(texts(&lines), ["aa\u{0301}", "a"]);
    }

    fn line(height: f32, break_before: bool, id: u32) -> Item<u32> {
        Item { height, break_before, content: Some(id) }
    }
    fn gap(height: f32, break_before: bool) -> Item<u32> {
        Item { height, break_before, content: None }
    }
    fn ids(pages: &[Vec<Placed<u32>>]) -> Vec<Vec<u32>> {
        pages.iter().map(|p| p.iter().map(|x| x.content).collect()).collect()
    }

    #[test]
    fn pages_fill_and_gaps_vanish_at_a_page_top() {
        let items = vec![line(10.0, true, 1), gap(5.0, true), line(10.0, true, 2), gap(5.0, true), line(10.0, true, 3)];
        let pages = paginate(items, 25.0);
        assert_eq!(ids(&pages), [vec![1, 2], vec![3]]);
        assert_eq!(pages[1][0].top, 0.0);
        assert_eq!(pages[0][1].top, 15.0);
    }

    #[test]
    fn a_heading_at_the_foot_moves_on_with_its_paragraph() {
        // 1 fills most of the page; heading 2 would fit, but its paragraph 3-4 would not.
        let items =
            vec![line(70.0, true, 1), gap(5.0, true), line(10.0, true, 2), gap(5.0, false), line(10.0, false, 3)];
        assert_eq!(ids(&paginate(items, 95.0)), [vec![1], vec![2, 3]]);
    }

    #[test]
    fn orphans_and_widows() {
        // A 4-line paragraph may break only in its middle.
        let para = |first: u32| {
            vec![
                line(10.0, true, first),
                line(10.0, false, first + 1),
                line(10.0, true, first + 2),
                line(10.0, false, first + 3),
            ]
        };
        let mut items = vec![line(70.0, true, 0)];
        items.extend(para(1));
        // Room for 2 lines: the paragraph splits 2 + 2.
        assert_eq!(ids(&paginate(items, 90.0)), [vec![0, 1, 2], vec![3, 4]]);
        // Room for 1 line: the whole paragraph moves.
        let mut items = vec![line(70.0, true, 0)];
        items.extend(para(1));
        assert_eq!(ids(&paginate(items, 85.0)), [vec![0], vec![1, 2, 3, 4]]);
        // Room for 3 lines: the last line would be alone, so two move.
        let mut items = vec![line(70.0, true, 0)];
        items.extend(para(1));
        assert_eq!(ids(&paginate(items, 100.0)), [vec![0, 1, 2], vec![3, 4]]);
    }

    #[test]
    fn what_cannot_break_and_is_taller_than_a_page_breaks_where_it_must() {
        let items = (0..10).map(|k| line(10.0, k == 0, k)).collect();
        assert_eq!(ids(&paginate(items, 35.0)), [vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8], vec![9]]);
        let items = vec![line(50.0, true, 0), line(10.0, true, 1)];
        assert_eq!(ids(&paginate(items, 35.0)), [vec![0], vec![1]]);
        assert!(paginate(Vec::<Item<u32>>::new(), 35.0).is_empty());
        assert!(paginate(vec![gap(5.0, true)], 35.0).is_empty());
    }

    fn styled_text() -> impl Strategy<Value = Vec<(Style, String)>> {
        let style = prop_oneof![Just(Style::Regular), Just(Style::Bold), Just(Style::Italic)];
        // Words, spaces, newlines and the odd zero-width mark; now and then a very long word.
        let text = "([a-zé\u{0301}]{0,12}( {1,3}|\n)?){0,12}|[a-z]{40,90}";
        proptest::collection::vec((style, text), 0..6)
    }

    fn as_runs(runs: &[(Style, String)]) -> Vec<(Style, &str)> {
        runs.iter().map(|(s, t)| (*s, t.as_str())).collect()
    }

    proptest! {
        #[test]
        fn no_line_is_wider_than_the_measure(runs in styled_text(), measure in 600u64..20_000) {
            for line in break_lines(&as_runs(&runs), measure, &Fixed) {
                prop_assert!(line.width <= measure, "{:?} is {} wide", line.text(), line.width);
                let width: u64 = line.segments.iter()
                    .flat_map(|s| s.text.chars().map(move |c| u64::from(Fixed.advance(s.style, c))))
                    .sum();
                prop_assert_eq!(width, line.width);
            }
        }

        #[test]
        fn no_character_is_lost_or_duplicated(runs in styled_text(), measure in 600u64..20_000) {
            let lines = break_lines(&as_runs(&runs), measure, &Fixed);
            // Every character but spaces and newlines, in order and in its style.
            let input: Vec<(Style, char)> = runs.iter()
                .flat_map(|(s, t)| t.chars().map(move |c| (*s, c)))
                .filter(|&(_, c)| c != ' ' && c != '\n')
                .collect();
            let output: Vec<(Style, char)> = lines.iter()
                .flat_map(|l| l.segments.iter())
                .flat_map(|s| s.text.chars().map(move |c| (s.style, c)))
                .filter(|&(_, c)| c != ' ')
                .collect();
            prop_assert_eq!(input, output);
            for line in &lines {
                prop_assert!(!line.text().starts_with(' ') && !line.text().ends_with(' '));
                prop_assert!(!line.text().contains('\n'));
            }
        }

        #[test]
        fn breaking_is_stable(runs in styled_text(), measure in 600u64..20_000) {
            let lines = break_lines(&as_runs(&runs), measure, &Fixed);
            prop_assert_eq!(&lines, &break_lines(&as_runs(&runs), measure, &Fixed));
            // A line set again on its own, at the same measure, is that same line.
            for line in &lines {
                let again: Vec<(Style, &str)> = line.segments.iter().map(|s| (s.style, s.text.as_str())).collect();
                let relaid = break_lines(&again, measure, &Fixed);
                if line.is_empty() {
                    prop_assert!(relaid.is_empty());
                } else {
                    prop_assert_eq!(relaid, vec![line.clone()]);
                }
            }
        }

        #[test]
        fn pages_keep_every_line_in_order_and_inside(
            heights in proptest::collection::vec((1u8..40, any::<bool>(), any::<bool>()), 0..80),
            page in 40u8..120,
        ) {
            let items: Vec<Item<usize>> = heights.iter().enumerate()
                .map(|(k, &(h, br, is_gap))| Item { height: f32::from(h), break_before: br, content: (!is_gap).then_some(k) })
                .collect();
            let expected: Vec<usize> = items.iter().filter_map(|i| i.content).collect();
            let pages = paginate(items, f32::from(page));
            let got: Vec<usize> = pages.iter().flatten().map(|p| p.content).collect();
            prop_assert_eq!(got, expected);
            for placed in pages.iter().flatten() {
                let h = f32::from(heights[placed.content].0);
                prop_assert!(placed.top + h <= f32::from(page) + 0.01 || placed.top == 0.0);
            }
        }
    }
}
