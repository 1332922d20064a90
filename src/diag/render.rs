//! Diagnostics as an author reads them, in rustc's shape: the file, line and column, the
//! source line with a caret under the place, and the help below it; or one JSON object
//! each, for editors. The one module that knows `annotate-snippets`.

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::{visible, Diagnostic};

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// It stops the build (or `check`).
    Error,
    /// It is reported; the build goes on.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed and as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The text of a file a diagnostic points into, when it can be read: the renderer shows
/// its line. The caller decides where texts come from (already read, or from disk).
pub type Sources<'a> = dyn Fn(&Path) -> Option<std::sync::Arc<str>> + 'a;

/// Renders `diagnostic` for a terminal (`color`) or for a pipe, ending without a newline.
pub fn render(
    diagnostic: &Diagnostic,
    severity: Severity,
    color: bool,
    sources: &Sources,
) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = visible(&diagnostic.message);
    let mut title = level.primary_title(message.as_ref());
    if let Some(code) = diagnostic.code {
        title = title.id(code);
    }
    let mut group = Group::with_title(title);
    let source;
    let path;
    if let Some(loc) = &diagnostic.loc {
        path = visible(&loc.file.display().to_string()).into_owned();
        source = (loc.line > 0).then(|| sources(&loc.file)).flatten();
        let shown = source
            .as_deref()
            .and_then(|text| source_line(text, loc.line, loc.column, loc.width));
        group = match shown {
            Some((line_text, span)) => group.element(
                Snippet::source(line_text)
                    .line_start(loc.line as usize)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            ),
            None => {
                let mut origin = Origin::path(path.as_str());
                if loc.line > 0 {
                    origin = origin.line(loc.line as usize);
                    if loc.column > 0 {
                        origin = origin.char_column(loc.column as usize);
                    }
                }
                group.element(origin)
            }
        };
    }
    let hint = diagnostic.hint.as_deref().map(visible);
    if let Some(hint) = &hint {
        group = group.element(Level::HELP.message(hint.as_ref()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&[group])
}

/// Line `line` of `text` (1-based, its line end dropped) and the byte span in it of
/// `width` characters from `column`; the whole line's text when the column is unknown.
/// None when the text has no such line or column (the file changed since it was read).
fn source_line(
    text: &str,
    line: u32,
    column: u32,
    width: u32,
) -> Option<(&str, std::ops::Range<usize>)> {
    let whole = text.split('\n').nth(line as usize - 1)?;
    let whole = whole.strip_suffix('\r').unwrap_or(whole);
    if column == 0 {
        let start = whole.len() - whole.trim_start().len();
        let end = whole.trim_end().len();
        return (start < end).then_some((whole, start..end));
    }
    let mut starts = whole
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(whole.len()));
    let start = starts.nth(column as usize - 1)?;
    let end = match width {
        0 | 1 => whole[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8()),
        n => starts.nth(n as usize - 1).unwrap_or(whole.len()),
    };
    Some((whole, start..end))
}

/// One diagnostic as a JSON object: file, line, column, code, severity, message, help.
pub fn to_json(diagnostic: &Diagnostic, severity: Severity) -> serde_json::Value {
    let loc = diagnostic.loc.as_ref();
    serde_json::json!({
        "file": loc.map(|l| l.file.display().to_string()),
        "line": loc.map(|l| l.line).filter(|&l| l > 0),
        "column": loc.map(|l| l.column).filter(|&c| c > 0),
        "code": diagnostic.code,
        "severity": severity.name(),
        "message": diagnostic.message,
        "help": diagnostic.hint,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;
    use crate::diag::{Loc, Pos};

    fn chapter() -> Option<Arc<str>> {
        Some(Arc::from("# Título\n\n-Hola -dijo él.\n"))
    }

    #[test]
    fn a_finding_shows_its_line_with_a_caret_and_its_help() {
        let file: Arc<Path> = Arc::from(Path::new("libro/01.md"));
        let d = Diagnostic::at(
            Loc::at(&file, Pos { line: 3, column: 1 }).with_width(1),
            "dialogue opened with a hyphen",
        )
        .with_hint("write a raya (—): —Hola")
        .with_code("es::raya-dialogo");
        let shown = render(&d, Severity::Warning, false, &|_| chapter());
        assert_eq!(
            shown,
            "warning[es::raya-dialogo]: dialogue opened with a hyphen\n \
             --> libro/01.md:3:1\n  \
             |\n\
             3 | -Hola -dijo él.\n  \
             | ^\n  \
             |\n  \
             = help: write a raya (—): —Hola"
        );
    }

    #[test]
    fn colour_is_for_terminals_only() {
        let d = Diagnostic::general("bad").with_hint("do better");
        assert!(render(&d, Severity::Error, true, &|_| None).contains('\x1b'));
        assert!(!render(&d, Severity::Error, false, &|_| None).contains('\x1b'));
    }

    #[test]
    fn columns_count_characters_and_widths_cover_them() {
        assert_eq!(source_line("año -dijo", 1, 5, 2), Some(("año -dijo", 5..7)));
        assert_eq!(source_line("a\nb", 3, 1, 1), None);
        assert_eq!(source_line("ab", 1, 9, 1), None);
        // The caret under the end of a line is after its last character.
        assert_eq!(source_line("ab", 1, 3, 1), Some(("ab", 2..2)));
        assert_eq!(
            source_line("  key = 1\r\n", 1, 0, 0),
            Some(("  key = 1", 2..9))
        );
    }

    #[test]
    fn without_a_source_the_place_is_named_alone() {
        let file: Arc<Path> = Arc::from(Path::new("libro/book.toml"));
        let d = Diagnostic::at(Loc::at(&file, Pos { line: 4, column: 9 }), "bad");
        let shown = render(&d, Severity::Error, false, &|_| None);
        assert_eq!(shown, "error: bad\n--> libro/book.toml:4:9");
    }

    #[test]
    fn json_names_every_field() {
        let file: Arc<Path> = Arc::from(Path::new("a.md"));
        let d = Diagnostic::at(Loc::at(&file, Pos { line: 2, column: 7 }), "m")
            .with_code("tipo::espacio-doble");
        let json = to_json(&d, Severity::Warning);
        assert_eq!(
            json.to_string(),
            r#"{"code":"tipo::espacio-doble","column":7,"file":"a.md","help":null,"line":2,"message":"m","severity":"warning"}"#
        );
    }
}
