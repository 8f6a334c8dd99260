//! The tokenizer under every scan, and plain-text splitting: sentences and
//! the words between two offsets.

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Num,
    Word,
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    pub(super) kind: Kind,
    pub(super) s: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Whitespace precedes this token.
    pub(super) gap: bool,
}

impl Tok<'_> {
    pub(super) fn num(&self, max_digits: usize) -> Option<u32> {
        (self.kind == Kind::Num && self.s.len() <= max_digits).then(|| self.s.parse().ok())?
    }
    pub(super) fn is(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.s.starts_with(c)
    }
    pub(super) fn word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.s.eq_ignore_ascii_case(w)
    }
}

pub(super) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut gap = true;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            gap = true;
            continue;
        }
        let word_char = |d: char| d.is_ascii_alphabetic() || d == '_';
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if word_char(c) {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            let same = match kind {
                Kind::Num => d.is_ascii_digit(),
                Kind::Word => word_char(d),
                Kind::Punct => false,
            };
            if !same {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let s = text.get(i..end).unwrap_or("");
        out.push(Tok {
            kind,
            s,
            start: i,
            end,
            gap,
        });
        gap = false;
    }
    out
}

/// Token `i` exists, is punctuation `c`, and touches the previous token.
pub(super) fn tight(t: &[Tok], i: usize, c: char) -> bool {
    t.get(i).is_some_and(|x| x.is(c) && !x.gap)
}

/// Token `i` is a number of exactly `digits` digits touching the previous token.
pub(super) fn tight_num(t: &[Tok], i: usize, digits: usize) -> Option<u32> {
    t.get(i)
        .filter(|x| !x.gap && x.s.len() == digits)?
        .num(digits)
}

/// Split into sentence-like pieces: (byte offset, text). Breaks at newlines,
/// semicolons, HTML tags, and at . ! ? followed by whitespace.
pub(crate) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_space = chars.peek().is_none_or(|&(_, d)| d.is_whitespace());
        let cut = match c {
            '\n' | '\r' | ';' | '<' | '>' => Some(i),
            '.' | '!' | '?' if next_space => Some(i + 1),
            _ => None,
        };
        if let Some(end) = cut {
            out.push((from, text.get(from..end).unwrap_or("")));
            from = i + c.len_utf8();
        }
    }
    out.push((from, text.get(from..).unwrap_or("")));
    out.retain(|(_, s)| !s.trim().is_empty());
    out
}

/// Lower-case words of `text[from..to]` (numbers and punctuation dropped).
pub(crate) fn words_between(text: &str, from: usize, to: usize) -> Vec<String> {
    let slice = text.get(from..to).unwrap_or("");
    tokenize(slice)
        .into_iter()
        .filter(|x| x.kind == Kind::Word)
        .map(|x| x.s.to_ascii_lowercase())
        .collect()
}
