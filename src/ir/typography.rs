//! Typography applied while lowering: quotation marks by the book's style, and text
//! cleaned of characters that no e-book or PDF may carry.
//!
//! Dashes and ellipses come from pulldown-cmark's smart punctuation (`--` → –, `---` → —,
//! `...` → …); this module only changes what that leaves undone for Spanish.

/// How straight double quotes are typeset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteStyle {
    /// « » outside, “ ” inside (Spanish, French, Catalan…).
    #[default]
    Latin,
    /// “ ” outside, ‘ ’ inside.
    English,
}

/// Tracks quotation depth through one block, so nested quotes alternate as the RAE asks:
/// « first level, “ inside it, ‘ inside that.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quotes {
    depth: u32,
    /// The last character seen, across the text pieces of one block.
    previous: Option<char>,
}

impl Quotes {
    /// Rewrites the double quotes of `text` (already curled by smart punctuation) in the
    /// given style, appending to `out`.
    ///
    /// Smart punctuation pairs quotes as delimiters and, with quotes nested inside quotes,
    /// sometimes curls a closing one the wrong way (`se fue"...` → `fue“…`). A quote is
    /// therefore judged again by what touches it: after a word and before a space or a
    /// punctuation mark it closes; after a space and before a word it opens.
    pub fn apply(&mut self, style: QuoteStyle, text: &str, out: &mut String) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let c = match c {
                '“' if closes(self.previous, next) => '”',
                '”' if opens(self.previous, next) => '“',
                c => c,
            };
            match (style, c) {
                (QuoteStyle::Latin, '“') => {
                    out.push(if self.depth == 0 { '«' } else { '“' });
                    self.depth += 1;
                }
                (QuoteStyle::Latin, '”') => {
                    self.depth = self.depth.saturating_sub(1);
                    out.push(if self.depth == 0 { '»' } else { '”' });
                }
                (_, '«' | '“') => {
                    self.depth += 1;
                    out.push(c);
                }
                (_, '»' | '”') => {
                    self.depth = self.depth.saturating_sub(1);
                    out.push(c);
                }
                _ => out.push(c),
            }
            self.previous = Some(c);
        }
    }
}

/// Whether a quote between `previous` and `next` can only be a closing one.
fn closes(previous: Option<char>, next: Option<char>) -> bool {
    let after_word = previous.is_some_and(|p| p.is_alphanumeric() || ".,;:!?…)»”’".contains(p));
    after_word && !next.is_some_and(char::is_alphanumeric)
}

/// Whether a quote between `previous` and `next` can only be an opening one.
fn opens(previous: Option<char>, next: Option<char>) -> bool {
    let after_space = previous.is_none_or(|p| p.is_whitespace() || "([«“—¿¡".contains(p));
    after_space && next.is_some_and(char::is_alphanumeric)
}

/// Curls the straight double quotes of text that smart punctuation never saw (image
/// titles): a quote after a space or an opening bracket opens, any other closes.
pub fn curl_straight_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c == '"' {
            let opens = previous.is_none_or(|p| p.is_whitespace() || "([{«“—".contains(p));
            out.push(if opens { '“' } else { '”' });
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Whether a character may not appear in an e-book's text: C0 and C1 controls (but tab and
/// newline), and the noncharacters U+FFFE and U+FFFF, which XML forbids.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// Removes forbidden characters; returns the first one removed, for the warning.
pub fn strip_forbidden(text: &mut String) -> Option<char> {
    let first = text.chars().find(|&c| is_forbidden(c))?;
    text.retain(|c| !is_forbidden(c));
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin(text: &str) -> String {
        let mut out = String::new();
        Quotes::default().apply(QuoteStyle::Latin, text, &mut out);
        out
    }

    #[test]
    fn latin_quotes_nest_as_the_rae_asks() {
        assert_eq!(latin("“hola”"), "«hola»");
        assert_eq!(latin("“dijo “ven” y se fue”"), "«dijo “ven” y se fue»");
        assert_eq!(latin("«dijo “ven”»"), "«dijo “ven”»");
        // What smart punctuation makes of `"ella dijo "ven" y se fue"...`.
        assert_eq!(
            latin("“ella dijo “ven” y se fue“…"),
            "«ella dijo “ven” y se fue»…"
        );
    }

    #[test]
    fn english_style_keeps_curly_quotes() {
        let mut out = String::new();
        Quotes::default().apply(QuoteStyle::English, "“hi”", &mut out);
        assert_eq!(out, "“hi”");
    }

    #[test]
    fn titles_get_curly_then_latin_quotes() {
        assert_eq!(
            latin(&curl_straight_quotes("El \"tren\" (\"aéreo\")")),
            "El «tren» («aéreo»)"
        );
    }

    #[test]
    fn controls_are_stripped() {
        let mut s = "a\u{7}b\u{85}c\u{FFFF}\td".to_string();
        assert_eq!(strip_forbidden(&mut s), Some('\u{7}'));
        assert_eq!(s, "abc\td");
    }
}
