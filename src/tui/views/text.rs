//! Vendor text on its way into a buffer: stripped of control characters and escape
//! sequences (again: cheap, and the views never trust their input), and wrapped.

use ratatui::text::Span;

use crate::model::sanitize_text;

/// One line of text: sanitized, newlines and tabs turned into spaces.
pub fn clean_line(text: &str) -> String {
    sanitize_text(text).replace(['\n', '\t'], " ")
}

/// Sanitized text wrapped at `width` display cells; words longer than a line are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for paragraph in sanitize_text(text).replace('\t', " ").split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word = word.to_string();
            let mut w = Span::raw(word.as_str()).width();
            while w > width {
                // Cut an over-long word (a URL) into line-sized pieces.
                if used > 0 {
                    out.push(std::mem::take(&mut line));
                    used = 0;
                }
                let head: String = word.chars().take(width).collect();
                word = word.chars().skip(width).collect();
                out.push(head);
                w = Span::raw(word.as_str()).width();
            }
            if word.is_empty() {
                continue;
            }
            if used > 0 && used + 1 + w > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            line.push_str(&word);
            used += w;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_cuts_long_ones() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("x\u{1b}[2Jy\u{7}", 10), vec!["xy"]);
    }
}
