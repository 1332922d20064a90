//! The author's folder: `book.toml`, the Markdown chapters and the files they use.
//!
//! Everything here reads the file system and checks what it reads; nothing here knows
//! Markdown (that is `ir::lower`).

pub mod assets;
pub mod config;
pub mod files;
pub mod fonts;
mod generated;
mod integrity;
mod load;
mod matter;
pub mod mdbook;
mod metadata;
pub mod parts;

pub use generated::add_back_pages;
pub use load::{load, load_all, Manuscript, Source};
pub use metadata::{metadata, FIXED_EPOCH};
