//! Orthotypography both the builds and the proofreader apply.

pub mod dialogue;
pub mod ties;
