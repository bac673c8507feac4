//! Plain-text tables for the terminal: columns padded to their widest cell, long text cut
//! with an ellipsis so a row stays on one line. Unprintable characters show as escapes.

use code_register::text::printable;

pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    /// Widest a column may grow, in characters; `None` for no limit.
    limits: Vec<Option<usize>>,
}

impl Table {
    pub fn new(headers: &[(&'static str, Option<usize>)]) -> Self {
        Table {
            headers: headers.iter().map(|h| h.0).collect(),
            rows: Vec::new(),
            limits: headers.iter().map(|h| h.1).collect(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let cut = |text: &str, limit: Option<usize>| -> String {
            // One line per row, and nothing that could move the cursor or recolour the
            // terminal: whatever a record holds shows as text.
            let text = printable(&text.replace(['\n', '\r', '\t'], " ")).into_owned();
            match limit {
                Some(max) if text.chars().count() > max => {
                    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
                    s.push('…');
                    s
                }
                _ => text,
            }
        };
        let cells: Vec<Vec<String>> =
            self.rows.iter().map(|r| r.iter().zip(&self.limits).map(|(c, l)| cut(c, *l)).collect()).collect();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        let line = |out: &mut String, row: &[String]| {
            let last = row.len().saturating_sub(1);
            for (i, (cell, width)) in row.iter().zip(&widths).enumerate() {
                out.push_str(cell);
                if i < last {
                    out.push_str(&" ".repeat(width - cell.chars().count() + 2));
                }
            }
            out.push('\n');
        };
        let headers: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        line(&mut out, &headers);
        for row in &cells {
            line(&mut out, row);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Table;

    #[test]
    fn cells_are_one_printable_line() {
        let mut t = Table::new(&[("TITLE", Some(60)), ("KEY", None)]);
        t.row(vec!["Red\u{1b}[31m alert\r\nnext\tline \u{202e}gnp.exe".into(), "k".into()]);
        let out = t.render();
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("Red\\u{1b}[31m alert  next line \\u{202e}gnp.exe"), "{out}");
    }
}
