//! `[epub]` and `[accessibility]`: what the e-book says of the printed edition
//! and of its own accessibility, checked with the line of each value.

use serde::Deserialize;

use super::raw::{describe, Checked, Field};
use super::read::Reader;
use crate::diag::{Pos, Result};

/// `[epub]`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawEpub {
    pub(super) page_list: Field<bool>,
}

/// `[accessibility]`.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawAccessibility {
    pub(super) conforms_to: Field<String>,
    pub(super) certifier: Field<String>,
    pub(super) certifier_credential: Field<String>,
    pub(super) contact_email: Field<String>,
    pub(super) exemption: Field<String>,
    pub(super) summary: Field<String>,
}

/// What the e-book carries besides the tree: the printed edition's pages and the
/// accessibility claims, from `[epub]`, `[print]` and `[accessibility]`.
#[derive(Debug, Clone, PartialEq)]
pub struct EpubSettings {
    /// Mark the printed edition's page breaks and list its pages (`[epub] page_list`).
    pub page_list: bool,
    /// The printed edition's ISBN-13, digits only (`[print] isbn`).
    pub print_isbn: Option<String>,
    pub accessibility: AccessibilitySettings,
}

impl Default for EpubSettings {
    fn default() -> Self {
        EpubSettings {
            page_list: true,
            print_isbn: None,
            accessibility: AccessibilitySettings::default(),
        }
    }
}

/// `[accessibility]`: the author's claims; what is not given is worked out from the book.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AccessibilitySettings {
    /// The conformance claimed: `None` for the default claim, `Some(None)` for none.
    pub conforms_to: Option<Option<String>>,
    pub certifier: Option<String>,
    pub certifier_credential: Option<String>,
    pub contact_email: Option<String>,
    /// An exemption under the European Accessibility Act (`eaa-microenterprise`, …).
    pub exemption: Option<String>,
    /// The author's own accessibility summary, replacing the generated one.
    pub summary: Option<String>,
}

/// The conformance identifiers EPUB Accessibility 1.1 defines: WCAG 2.0, 2.1 or 2.2 at
/// level A, AA or AAA.
fn is_conformance(claim: &str) -> bool {
    let Some(rest) = claim.strip_prefix("EPUB Accessibility 1.1 - WCAG 2.") else {
        return false;
    };
    let Some((version, level)) = rest.split_once(" Level ") else {
        return false;
    };
    matches!(version, "0" | "1" | "2") && matches!(level, "A" | "AA" | "AAA")
}

/// The exemptions the EPUB Accessibility exemption property defines for the European
/// Accessibility Act.
pub const EXEMPTIONS: &[&str] = &[
    "eaa-disproportionate-burden",
    "eaa-fundamental-alteration",
    "eaa-microenterprise",
];

/// `[epub] page_list`: true unless the author says false.
pub(super) fn page_list(reader: &Reader, raw: RawEpub) -> Result<bool> {
    let Some(field) = raw.page_list else {
        return Ok(true);
    };
    let line = reader.line_of(&field);
    match field.into_inner() {
        Checked::Ok(on) => Ok(on),
        Checked::Wrong(other) => Err(reader
            .at(
                line,
                format!(
                    "`page_list` in [epub] must be true or false, not {}",
                    describe(&other)
                ),
            )
            .with_hint("write page_list = false to leave the printed pages out")),
    }
}

/// `[accessibility]`; `someone_named` says whether `[book]` names a publisher or an author,
/// who would stand behind a conformance claim when no `certifier` is given.
pub(super) fn accessibility(
    reader: &Reader,
    raw: RawAccessibility,
    someone_named: bool,
) -> Result<AccessibilitySettings> {
    // Every value here is text an author writes; an empty one is a mistake, not "none".
    let text = |field, key: &str| -> Result<Option<(String, Pos)>> {
        match reader.string(field, "accessibility", key)? {
            Some((value, line)) if value.trim().is_empty() => Err(reader
                .at(line, format!("`{key}` in [accessibility] is empty"))
                .with_hint("give it a value, or remove the line")),
            found => Ok(found.map(|(value, line)| (value.trim().to_string(), line))),
        }
    };
    let claim_line = raw.conforms_to.as_ref().map(|f| reader.line_of(f));
    let conforms_to =
        match text(raw.conforms_to, "conforms_to")? {
            None => None,
            Some((claim, _)) if claim == "none" => Some(None),
            Some((claim, _)) if is_conformance(&claim) => Some(Some(claim)),
            Some((claim, line)) => return Err(reader
                .at(
                    line,
                    format!("`conforms_to` is `{claim}`, not a conformance claim"),
                )
                .with_hint(
                    "write \"EPUB Accessibility 1.1 - WCAG 2.2 Level AA\" (or 2.0, 2.1; Level A), \
                     or \"none\" to claim nothing",
                )),
        };
    let exemption = match text(raw.exemption, "exemption")? {
        None => None,
        Some((value, _)) if EXEMPTIONS.contains(&value.as_str()) => Some(value),
        Some((value, line)) => {
            return Err(reader
                .at(
                    line,
                    format!("`exemption` is `{value}`, not a known exemption"),
                )
                .with_hint(format!("known exemptions: {}", EXEMPTIONS.join(", "))))
        }
    };
    let contact_email = match text(raw.contact_email, "contact_email")? {
        None => None,
        Some((email, _)) if is_email(&email) => Some(email),
        Some((email, line)) => {
            return Err(reader
                .at(
                    line,
                    format!("`contact_email` is `{email}`, not an email address"),
                )
                .with_hint("write it as name@example.org"))
        }
    };
    let certifier = text(raw.certifier, "certifier")?;
    let certifier_credential = text(raw.certifier_credential, "certifier_credential")?;
    if let (None, Some((_, line))) = (&certifier, &certifier_credential) {
        return Err(reader
            .at(
                *line,
                "`certifier_credential` is given, but no `certifier` holds it",
            )
            .with_hint("add certifier = \"…\", the party whose credential it is"));
    }
    // A claim and an exemption exclude each other; a certifier certifies a claim.
    let claimed = matches!(conforms_to, Some(Some(_)));
    let no_claim = exemption.is_some() || matches!(conforms_to, Some(None));
    if let (true, Some(_), Some(line)) = (claimed, &exemption, claim_line) {
        return Err(reader
            .at(
                line,
                "`conforms_to` claims conformance, but `exemption` says the book is exempt",
            )
            .with_hint("keep one of the two"));
    }
    if let (true, Some((_, line))) = (no_claim, &certifier) {
        return Err(reader
            .at(*line, "`certifier` is given, but no conformance is claimed")
            .with_hint("remove it, or claim conformance with conforms_to = \"…\""));
    }
    if let (true, None, false, Some(line)) = (claimed, &certifier, someone_named, claim_line) {
        return Err(reader
            .at(line, "`conforms_to` claims conformance, but nobody stands behind the claim")
            .with_hint("name who evaluated the book: certifier = \"…\", or a publisher or author in [book]"));
    }
    Ok(AccessibilitySettings {
        conforms_to,
        certifier: certifier.map(|(v, _)| v),
        certifier_credential: certifier_credential.map(|(v, _)| v),
        contact_email,
        exemption,
        summary: text(raw.summary, "summary")?.map(|(v, _)| v),
    })
}

/// An address of the form `local@domain.tld`: one `@`, no spaces or angle brackets, a dot
/// in the domain with text on both sides.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let plain = |s: &str| {
        !s.is_empty()
            && !s.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(c, '@' | '<' | '>' | '"' | ',' | ';')
            })
    };
    plain(local)
        && plain(domain)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_claims() {
        assert!(is_email("accesibilidad@ediciones.bo"));
        assert!(!is_email("accesibilidad@ediciones"));
        assert!(!is_email("a b@c.d"));
        assert!(!is_email("@c.d"));
        assert!(!is_email("a@.d"));
        assert!(is_conformance("EPUB Accessibility 1.1 - WCAG 2.2 Level AA"));
        assert!(is_conformance(
            "EPUB Accessibility 1.1 - WCAG 2.2 Level AAA"
        ));
        assert!(!is_conformance(
            "EPUB Accessibility 1.1 - WCAG 2.3 Level AA"
        ));
        assert!(!is_conformance("WCAG 2.2"));
    }
}
