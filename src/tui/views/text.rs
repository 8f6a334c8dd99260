//! Vendor text on its way into a buffer: stripped of control characters and escape
//! sequences (again: cheap, and the views never trust their input), and wrapped.

use ratatui::text::Span;

use crate::model::sanitize_text;

/// Characters of one line kept: more than any terminal is wide, and a bound on the work a
/// frame does whatever a vendor sends (a title can be megabytes).
const LINE_CHARS: usize = 1_000;

/// One line of text: sanitized, newlines and tabs turned into spaces, cut at `LINE_CHARS`.
pub fn clean_line(text: &str) -> String {
    // Escape sequences are dropped by sanitizing: keep room for them before cutting.
    let (head, _) = split_at_char(text, LINE_CHARS * 4);
    let mut line = sanitize_text(head).replace(['\n', '\t'], " ");
    let (kept, rest) = split_at_char(&line, LINE_CHARS);
    if !rest.is_empty() {
        let at = kept.len();
        line.truncate(at);
        line.push('…');
    }
    line
}

/// `text` split after its first `n` characters (all of it when shorter).
pub fn split_at_char(text: &str, n: usize) -> (&str, &str) {
    match text.char_indices().nth(n) {
        Some((at, _)) => text.split_at(at),
        None => (text, ""),
    }
}

/// Sanitized text wrapped at `width` display cells; words longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_at_most(text, width, usize::MAX)
}

/// As `wrap`, stopping after `max_lines` lines. Linear in the text (each character is
/// looked at once), so an unbroken 4 MB word costs what 4 MB of words cost.
pub fn wrap_at_most(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines = Lines {
        out: Vec::new(),
        line: String::new(),
        used: 0,
        width: width.max(1),
        max_lines,
    };
    for paragraph in sanitize_text(text).split('\n') {
        for word in paragraph.split([' ', '\t']).filter(|w| !w.is_empty()) {
            if !lines.word(word) {
                return lines.out;
            }
        }
        if !lines.end_line() {
            break;
        }
    }
    lines.out
}

/// The line being filled and the lines done; every method returns false once `max_lines`
/// lines are done.
struct Lines {
    out: Vec<String>,
    line: String,
    used: usize,
    width: usize,
    max_lines: usize,
}

impl Lines {
    fn end_line(&mut self) -> bool {
        if self.out.len() < self.max_lines {
            self.out.push(std::mem::take(&mut self.line));
        }
        self.used = 0;
        self.out.len() < self.max_lines
    }

    fn word(&mut self, word: &str) -> bool {
        let w = Span::raw(word).width();
        if w > self.width {
            return self.long_word(word);
        }
        if self.used > 0 && self.used + 1 + w > self.width && !self.end_line() {
            return false;
        }
        if self.used > 0 {
            self.line.push(' ');
            self.used += 1;
        }
        self.line.push_str(word);
        self.used += w;
        true
    }

    /// A word longer than a line (a URL, or a hostile run of letters) is cut into
    /// line-sized pieces, one character at a time; its tail may share a line with the
    /// next word.
    fn long_word(&mut self, word: &str) -> bool {
        if self.used > 0 && !self.end_line() {
            return false;
        }
        let mut buf = [0u8; 4];
        for ch in word.chars() {
            let w = if ch.is_ascii() {
                1 // sanitized: no controls left
            } else {
                Span::raw(&*ch.encode_utf8(&mut buf)).width()
            };
            if self.used > 0 && self.used + w > self.width && !self.end_line() {
                return false;
            }
            self.line.push(ch);
            self.used += w;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("abcdefgh ij", 3), vec!["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("abcde f", 3), vec!["abc", "de", "f"]);
        assert_eq!(wrap("x\u{1b}[2Jy\u{7}", 10), vec!["xy"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
    }

    #[test]
    fn a_line_is_cut_long_before_a_megabyte() {
        let line = clean_line(&format!("{}\u{1b}[2J", "T".repeat(1 << 20)));
        assert_eq!(line.chars().count(), LINE_CHARS + 1);
        assert!(line.ends_with('…'));
        assert_eq!(clean_line("a\tb\nc\u{7}"), "a b c");
    }

    #[test]
    fn wide_characters_are_cut_by_cells() {
        // Each of these takes two cells: three fit in a line of 6, not 6.
        assert_eq!(wrap("日本語日本語日", 6), vec!["日本語", "日本語", "日"]);
    }

    #[test]
    fn stops_at_the_line_limit() {
        let word = "A".repeat(1 << 20);
        let lines = wrap_at_most(&word, 100, 5);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|l| l.len() == 100));
        assert_eq!(wrap_at_most("a\nb\nc", 10, 2), vec!["a", "b"]);
    }
}
