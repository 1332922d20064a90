//! `[check]`: the proofreading rules an author turns off for the whole book.

use serde::Deserialize;

use super::raw::Field;
use super::read::Reader;
use crate::check::rules::CODES;
use crate::diag::Result;

/// `[check]` as written.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawCheck {
    pub(super) allow: Field<Vec<String>>,
}

/// `[check] allow`: each code must be a rule's, so a typo does not silently allow nothing.
pub(super) fn allow(reader: &Reader, raw: RawCheck) -> Result<Vec<String>> {
    let Some((codes, pos)) = reader.strings(raw.allow, "check", "allow")? else {
        return Ok(Vec::new());
    };
    let known: Vec<&str> = CODES.iter().map(|(code, _)| *code).collect();
    for code in &codes {
        if !known.contains(&code.as_str()) {
            let diag = reader.at(pos, format!("`{code}` in [check] allow is not a rule"));
            return Err(match super::closest(code, &known) {
                Some(near) => diag.with_hint(format!("did you mean `{near}`?")),
                None => diag.with_hint("`imprenta check` names each finding's rule in brackets"),
            });
        }
    }
    Ok(codes)
}
