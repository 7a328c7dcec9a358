//! Elastic tabstops, reproducing Docker's fork of Go's `text/tabwriter`
//! (docker/cli `cli/command/formatter/tabwriter/tabwriter.go`) as Docker's
//! table formatter configures it: `NewWriter(out, 10, 1, 3, ' ', 0)`.
//!
//! Input is cells terminated by '\t' (or '\v'), lines ended by '\n' (or
//! '\f', which also ends every column). A cell that ends a line without a tab
//! belongs to no column and is never padded. Tab-terminated cells in
//! consecutive lines form a column block: every cell in the block is padded to
//! the block's widest cell plus `padding`, and to at least `minwidth`. The fork
//! measures cells with go-runewidth instead of counting runes, so East Asian
//! wide characters count two columns (see [`crate::width::string_width`]).
//!
//! The flags Docker leaves off (FilterHTML, StripEscape, AlignRight,
//! DiscardEmptyColumns, TabIndent, Debug) are not implemented; the Escape
//! byte 0xFF cannot occur in a `&str`.

use crate::width::string_width;

/// Padding stops being written once the output passes this size, so a huge
/// cell in one row cannot make every other row quadratically large. Go has no
/// such limit; no realistic table reaches it.
const MAX_OUTPUT: usize = 16 << 20;

#[derive(Clone, Copy, Default)]
struct Cell {
    /// Cell size in bytes.
    size: usize,
    /// Cell width in terminal columns.
    width: usize,
}

struct Writer<'a> {
    minwidth: usize,
    padding: usize,
    /// Collected text, excluding tabs and line breaks.
    buf: Vec<u8>,
    /// The cell being collected.
    cell: Cell,
    /// Each line is a list of cells.
    lines: Vec<Vec<Cell>>,
    /// Column widths of the enclosing blocks, while formatting.
    widths: Vec<usize>,
    out: &'a mut String,
}

impl Writer<'_> {
    fn reset(&mut self) {
        self.buf.clear();
        self.cell = Cell::default();
        self.lines.clear();
        self.widths.clear();
        self.lines.push(Vec::new());
    }

    fn write_text(&mut self, bytes: &[u8]) {
        // Cells are cut at ASCII bytes, so every slice is valid UTF-8.
        self.out
            .push_str(std::str::from_utf8(bytes).unwrap_or_default());
    }

    fn write_padding(&mut self, textw: usize, cellw: usize) {
        if self.out.len() >= MAX_OUTPUT {
            return;
        }
        let n = cellw.saturating_sub(textw);
        self.out.extend(std::iter::repeat_n(' ', n));
    }

    /// Go's `writeLines`: prints lines `line0..line1` using the current widths.
    fn write_lines(&mut self, mut pos: usize, line0: usize, line1: usize) -> usize {
        for i in line0..line1 {
            let ncells = self.lines[i].len();
            for j in 0..ncells {
                let c = self.lines[i][j];
                if c.size > 0 {
                    let end = pos.saturating_add(c.size);
                    let text = self.buf.get(pos..end).unwrap_or_default().to_vec();
                    self.write_text(&text);
                    pos = end;
                }
                // Only cells inside a column block have a width; the line's
                // last cell never does.
                if let Some(&w) = self.widths.get(j) {
                    self.write_padding(c.width, w);
                }
            }
            if i + 1 == self.lines.len() {
                // The last buffered line has no newline: write what is left
                // of the incomplete cell.
                let end = pos.saturating_add(self.cell.size);
                let text = self.buf.get(pos..end).unwrap_or_default().to_vec();
                self.write_text(&text);
                pos = end;
            } else {
                self.out.push('\n');
            }
        }
        pos
    }

    /// Go's `format`: finds the column blocks of column `widths.len()` within
    /// `line0..line1`, recursing for the columns to their right.
    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            // The last cell of a line is not tab-terminated: not a column.
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // Print the lines above the block, then measure the block.
            pos = self.write_lines(pos, line0, this);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                width = width.max(line[column].width.saturating_add(self.padding));
                this += 1;
            }
            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
            // Like Go, continue scanning after the line that ended the block
            // (that line has no cell in this column).
            this += 1;
        }
        self.write_lines(pos, line0, line1)
    }

    fn terminate_cell(&mut self) -> usize {
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    fn flush(&mut self) {
        if self.cell.size > 0 {
            self.terminate_cell();
        }
        let n = self.lines.len();
        self.format(0, 0, n);
        self.reset();
    }

    /// Go's `Write`, with the text measured per cell.
    fn write(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut start = 0;
        for (i, &ch) in bytes.iter().enumerate() {
            if !matches!(ch, b'\t' | b'\x0b' | b'\n' | b'\x0c') {
                continue;
            }
            let piece = &text[start..i];
            self.buf.extend_from_slice(piece.as_bytes());
            self.cell.size += piece.len();
            self.cell.width = self.cell.width.saturating_add(string_width(piece));
            start = i + 1;
            let ncells = self.terminate_cell();
            if ch == b'\n' || ch == b'\x0c' {
                self.lines.push(Vec::new());
                // A line with a single cell cannot influence later columns
                // (and '\f' ends them all): format what we have.
                if ch == b'\x0c' || ncells == 1 {
                    self.flush();
                }
            }
        }
        let rest = &text[start..];
        self.buf.extend_from_slice(rest.as_bytes());
        self.cell.size += rest.len();
        self.cell.width = self.cell.width.saturating_add(string_width(rest));
    }
}

/// Formats `text` like a Go `tabwriter.Writer` created with
/// `NewWriter(out, minwidth, tabwidth, padding, ' ', 0)`, written in one
/// `Write` and then `Flush`ed. `tabwidth` only matters when padding with
/// tabs, which this configuration never does; it is accepted for parity.
pub fn tabwrite(text: &str, minwidth: usize, tabwidth: usize, padding: usize) -> String {
    let _ = tabwidth;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut w = Writer {
        minwidth,
        padding,
        buf: Vec::with_capacity(text.len()),
        cell: Cell::default(),
        lines: vec![Vec::new()],
        widths: Vec::new(),
        out: &mut out,
    };
    w.write(text);
    w.flush();
    out
}

/// A Docker table: each row's cells joined with tabs, each row ended by a
/// newline, aligned with Docker's settings (minwidth 10, tabwidth 1,
/// padding 3). The first row is normally the header.
pub fn docker_table(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    tabwrite(&text, 10, 1, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(table: &[&[&str]]) -> Vec<Vec<String>> {
        table
            .iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn docker_network_ls() {
        // docker-reference.md §2.2.
        let got = docker_table(&rows(&[
            &["NETWORK ID", "NAME", "DRIVER", "SCOPE"],
            &["17e324f45964", "bridge", "bridge", "local"],
            &["6ed54d316334", "host", "host", "local"],
            &["7092879f2cc8", "none", "null", "local"],
        ]));
        assert_eq!(
            got,
            "NETWORK ID     NAME      DRIVER    SCOPE\n\
             17e324f45964   bridge    bridge    local\n\
             6ed54d316334   host      host      local\n\
             7092879f2cc8   none      null      local\n"
        );
        let got = docker_table(&rows(&[
            &["NETWORK ID", "NAME", "DRIVER", "SCOPE"],
            &["e9261a8c9a19", "alpine-net", "bridge", "local"],
            &["17e324f45964", "bridge", "bridge", "local"],
            &["6ed54d316334", "host", "host", "local"],
            &["7092879f2cc8", "none", "null", "local"],
        ]));
        assert_eq!(
            got,
            "NETWORK ID     NAME         DRIVER    SCOPE\n\
             e9261a8c9a19   alpine-net   bridge    local\n\
             17e324f45964   bridge       bridge    local\n\
             6ed54d316334   host         host      local\n\
             7092879f2cc8   none         null      local\n"
        );
        // cli/command/network/testdata/network-list.golden
        let got = docker_table(&rows(&[
            &["NETWORK ID", "NAME", "DRIVER", "SCOPE"],
            &["123454321", "network_1", "09.7.01", "global"],
        ]));
        assert_eq!(
            got,
            "NETWORK ID   NAME        DRIVER    SCOPE\n123454321    network_1   09.7.01   global\n"
        );
    }

    #[test]
    fn docker_ps_docs_example() {
        // docker-reference.md §2.4 (docs/reference/commandline/container_run.md).
        let got = docker_table(&rows(&[
            &[
                "CONTAINER ID",
                "IMAGE",
                "COMMAND",
                "CREATED",
                "STATUS",
                "PORTS",
                "NAMES",
            ],
            &[
                "4bed76d3ad42",
                "nginx:alpine",
                "\"/docker-entrypoint.…\"",
                "1 second ago",
                "Up Less than a second",
                "80/tcp",
                "test",
            ],
        ]));
        assert_eq!(
            got,
            "CONTAINER ID   IMAGE          COMMAND                  CREATED        STATUS                  PORTS     NAMES\n\
             4bed76d3ad42   nginx:alpine   \"/docker-entrypoint.…\"   1 second ago   Up Less than a second   80/tcp    test\n"
        );
    }

    #[test]
    fn go_semantics() {
        // Expected outputs produced by Go 1.19 text/tabwriter with
        // NewWriter(out, minwidth, 1, padding, ' ', 0) (rune-counting and
        // runewidth agree on these inputs).
        let cases: &[(&str, usize, usize, &str)] = &[
            ("", 10, 3, ""),
            ("a", 10, 3, "a"),
            ("a\n", 10, 3, "a\n"),
            ("a\tb", 10, 3, "a         b"),
            ("a\tb\n", 0, 1, "a b\n"),
            ("a\tb\tc\naa\tbb\n", 0, 1, "a  b c\naa bb\n"),
            // Go's doc example: b and c are in different column blocks.
            (
                "aaaa\tbbb\td\naa\tb\tdd\na\t\naa\tcccc\teee\n",
                0,
                1,
                "aaaa bbb d\naa   b   dd\na    \naa   cccc eee\n",
            ),
            // A line without tabs ends the block.
            ("a\tb\nccc\naaaa\tb\n", 0, 1, "a b\nccc\naaaa b\n"),
            // Empty cells are padded too.
            ("\tb\n\tbb\n", 0, 1, " b\n bb\n"),
            ("a\t\tc\n", 0, 1, "a  c\n"),
            // Trailing tab: the last (empty) cell is not padded, the tabbed one is.
            ("a\t\n", 4, 1, "a   \n"),
            // '\v' terminates cells like '\t'; '\f' is a line break that ends blocks.
            ("a\x0bb\n", 0, 1, "a b\n"),
            ("aaa\tb\x0ca\tb\n", 0, 1, "aaa b\na b\n"),
            // No trailing newline: the last line is written as is.
            ("x\ty\nxx\tyy", 0, 2, "x   y\nxx  yy"),
            // Wide characters count two columns (docker's runewidth fork).
            ("名前\tx\nab\ty\n", 0, 1, "名前 x\nab   y\n"),
            ("é\tx\ne\ty\n", 0, 1, "é x\ne y\n"),
            (
                "a\tb\tc\nd\te\tf\ng\th\n\ni\tj\n",
                0,
                1,
                "a b c\nd e f\ng h\n\ni j\n",
            ),
            ("a\tb\tc\n\td\te\n", 5, 1, "a    b    c\n     d    e\n"),
            ("\n\n\t\n", 0, 1, "\n\n \n"),
            (
                "a\tbbbbbbbbbbbbbbbbbb\tc\n",
                10,
                3,
                "a         bbbbbbbbbbbbbbbbbb   c\n",
            ),
        ];
        for &(input, minwidth, padding, want) in cases {
            assert_eq!(tabwrite(input, minwidth, 1, padding), want, "{input:?}");
        }
    }

    #[test]
    fn huge_cells_are_bounded() {
        let mut text = "x".repeat(100_000);
        text.push_str("\ta\n");
        for _ in 0..1_000 {
            text.push_str("b\tc\n");
        }
        let out = tabwrite(&text, 10, 1, 3);
        assert!(out.len() < MAX_OUTPUT + 200_000);
    }
}
