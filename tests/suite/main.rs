//! The integration tests, one binary with a module per area (as mdBook's
//! `tests/testsuite/main.rs`): the suite links once, and each fixture is built once per
//! run ([`common::fixture`]) however many areas look at it.

mod accessibility;
mod bounds;
mod check;
mod cli;
mod common;
mod contents;
mod cover;
mod cover_back;
mod determinism;
mod display;
mod epub;
mod figures;
mod grid;
mod hostile;
mod layout;
mod lines;
mod manuscripts;
mod matter;
mod mdbook;
mod measure;
mod openings;
mod pagelist;
mod parts;
mod pdf;
mod pdfx;
mod poppler;
mod print;
mod properties;
mod safety;
mod scratch;
mod scripts;
mod snapshot;
mod standards;
mod styles;
mod tagged;
mod tree;
mod typography;
mod watch;
