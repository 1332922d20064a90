//! Typography applied while lowering: quotation marks by the book's style, and text
//! cleaned of characters that no e-book or PDF may carry.
//!
//! Dashes and ellipses come from pulldown-cmark's smart punctuation (`--` → –, `---` → —,
//! `...` → …); this module only changes what that leaves undone for the book's language.
//! Quotes typed curly are the author's choice and kept; only those smart punctuation
//! curled from straight ones are set in the book's style.

/// How straight quotes are typeset: the marks of each nesting level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteStyle {
    /// « » outside, “ ” inside, ‘ ’ inside that (Spanish as the RAE asks, Catalan,
    /// French, Italian, Portuguese).
    #[default]
    Latin,
    /// “ ” outside, ‘ ’ inside, alternating.
    English,
    /// „ “ outside, ‚ ‘ inside, alternating (German, Czech, Slovak, Slovene, Icelandic).
    German,
}

impl QuoteStyle {
    /// The style a book in `language` (a BCP 47 tag) takes when book.toml names none.
    pub fn for_language(language: &str) -> QuoteStyle {
        let primary = language.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "es" | "ca" | "gl" | "eu" | "ast" | "an" | "oc" | "fr" | "it" | "pt" | "ru" | "uk"
            | "be" | "el" | "nb" | "nn" | "no" => QuoteStyle::Latin,
            "de" | "cs" | "sk" | "sl" | "is" | "lt" => QuoteStyle::German,
            _ => QuoteStyle::English,
        }
    }

    /// The opening and closing marks at nesting `depth` (0 outermost).
    fn marks(self, depth: u32) -> (char, char) {
        match (self, depth) {
            (QuoteStyle::Latin, 0) => ('«', '»'),
            (QuoteStyle::Latin, 1) => ('“', '”'),
            (QuoteStyle::Latin, _) => ('‘', '’'),
            (QuoteStyle::English, d) if d % 2 == 0 => ('“', '”'),
            (QuoteStyle::English, _) => ('‘', '’'),
            (QuoteStyle::German, d) if d % 2 == 0 => ('„', '“'),
            (QuoteStyle::German, _) => ('‚', '‘'),
        }
    }

    /// Whether a mark typed by the author opens or closes a quotation in this style's
    /// language: `Some(true)` opens, `Some(false)` closes.
    fn typed(self, c: char) -> Option<bool> {
        match (self, c) {
            (QuoteStyle::German, '„' | '»') => Some(true),
            (QuoteStyle::German, '“' | '«') => Some(false),
            (_, '«' | '“' | '„') => Some(true),
            (_, '»' | '”') => Some(false),
            _ => None,
        }
    }
}

/// Tracks quotation depth through one block, so nested quotes alternate as the book's
/// language asks: in Spanish « first level, “ inside it, ‘ inside that (RAE).
#[derive(Debug, Default, Clone, Copy)]
pub struct Quotes {
    depth: u32,
    /// The last character seen, across the text pieces of one block.
    previous: Option<char>,
    /// A single quote curled by smart punctuation is open (German sets it as ‚ ‘).
    single: bool,
}

impl Quotes {
    /// Appends text as the author typed it, its quotes only counted: typed curly quotes
    /// are the author's choice and never changed.
    pub fn typed(&mut self, style: QuoteStyle, text: &str, out: &mut String) {
        for c in text.chars() {
            match style.typed(c) {
                Some(true) => self.depth += 1,
                Some(false) => self.depth = self.depth.saturating_sub(1),
                None => {}
            }
            out.push(c);
            self.previous = Some(c);
        }
    }

    /// Appends the mark for a quote smart punctuation curled from a straight one (`c` is
    /// its curly guess), set in `style` at the current depth; `next` is the character
    /// that follows it in the manuscript.
    ///
    /// Smart punctuation pairs quotes as delimiters and, with quotes nested inside quotes,
    /// sometimes curls a closing one the wrong way (`se fue"...` → `fue“…`). A quote is
    /// therefore judged again by what touches it: after a word and before a space or a
    /// punctuation mark it closes; after a space and before a word it opens.
    pub fn straight(&mut self, style: QuoteStyle, c: char, next: Option<char>, out: &mut String) {
        let c = match c {
            '“' if closes(self.previous, next) => '”',
            '”' if opens(self.previous, next) => '“',
            c => c,
        };
        let set = match c {
            '“' => {
                self.depth += 1;
                style.marks(self.depth - 1).0
            }
            '”' => {
                self.depth = self.depth.saturating_sub(1);
                style.marks(self.depth).1
            }
            // Only German sets single quotes otherwise; an apostrophe (’ before a letter,
            // or with no single quote open) stays.
            '‘' if style == QuoteStyle::German => {
                self.single = true;
                '‚'
            }
            '’' if style == QuoteStyle::German
                && self.single
                && !next.is_some_and(char::is_alphanumeric) =>
            {
                self.single = false;
                '‘'
            }
            c => c,
        };
        out.push(set);
        self.previous = Some(c);
    }

    /// Appends text that smart punctuation never saw (image titles), its straight double
    /// quotes set in `style`: one after a space or an opening bracket opens, any other
    /// closes.
    pub fn unsmart(&mut self, style: QuoteStyle, text: &str, out: &mut String) {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '"' {
                let opens = self
                    .previous
                    .is_none_or(|p| p.is_whitespace() || "([{«“„—".contains(p));
                let next = chars.peek().copied();
                self.straight(style, if opens { '“' } else { '”' }, next, out);
            } else {
                self.typed(style, c.encode_utf8(&mut [0; 4]), out);
            }
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

    /// Text as written with straight quotes, set in `style`.
    fn set(style: QuoteStyle, text: &str) -> String {
        let mut out = String::new();
        Quotes::default().unsmart(style, text, &mut out);
        out
    }

    #[test]
    fn latin_quotes_nest_as_the_rae_asks() {
        assert_eq!(set(QuoteStyle::Latin, "\"hola\""), "«hola»");
        assert_eq!(
            set(QuoteStyle::Latin, "\"dijo \"ven \"ya\"\" y se fue\""),
            "«dijo “ven ‘ya’” y se fue»"
        );
        assert_eq!(set(QuoteStyle::Latin, "«dijo \"ven\"»"), "«dijo “ven”»");
        // Smart punctuation's guess for the last quote of `"ella dijo "ven" y se fue"...`
        // is an opening one; what touches it says it closes.
        let mut quotes = Quotes::default();
        let mut out = String::new();
        quotes.straight(QuoteStyle::Latin, '“', Some('e'), &mut out);
        quotes.typed(QuoteStyle::Latin, "se fue", &mut out);
        quotes.straight(QuoteStyle::Latin, '“', Some('…'), &mut out);
        assert_eq!(out, "«se fue»");
    }

    #[test]
    fn each_language_nests_its_own_marks() {
        assert_eq!(
            set(QuoteStyle::English, "\"he said \"yes\"\""),
            "“he said ‘yes’”"
        );
        assert_eq!(
            set(QuoteStyle::German, "\"er sagte \"ja\"\""),
            "„er sagte ‚ja‘“"
        );
        assert_eq!(QuoteStyle::for_language("de-AT"), QuoteStyle::German);
        assert_eq!(QuoteStyle::for_language("en"), QuoteStyle::English);
        assert_eq!(QuoteStyle::for_language("pt-BR"), QuoteStyle::Latin);
        assert_eq!(QuoteStyle::for_language("ja"), QuoteStyle::English);
    }

    #[test]
    fn typed_quotes_are_kept_and_counted() {
        let mut quotes = Quotes::default();
        let mut out = String::new();
        quotes.typed(QuoteStyle::Latin, "“typed ", &mut out);
        // A straight quote inside typed ones is one level in.
        quotes.straight(QuoteStyle::Latin, '“', Some('x'), &mut out);
        quotes.typed(QuoteStyle::Latin, "x", &mut out);
        quotes.straight(QuoteStyle::Latin, '”', Some('”'), &mut out);
        quotes.typed(QuoteStyle::Latin, "”", &mut out);
        assert_eq!(out, "“typed “x””");
        // German closes with “ and keeps apostrophes.
        let mut quotes = Quotes::default();
        let mut out = String::new();
        quotes.straight(QuoteStyle::German, '‘', Some('g'), &mut out);
        quotes.typed(QuoteStyle::German, "geht", &mut out);
        quotes.straight(QuoteStyle::German, '’', Some('s'), &mut out);
        quotes.typed(QuoteStyle::German, "s", &mut out);
        quotes.straight(QuoteStyle::German, '’', Some(' '), &mut out);
        assert_eq!(out, "‚geht’s‘");
    }

    #[test]
    fn controls_are_stripped() {
        let mut s = "a\u{7}b\u{85}c\u{FFFF}\td".to_string();
        assert_eq!(strip_forbidden(&mut s), Some('\u{7}'));
        assert_eq!(s, "abc\td");
    }
}
