//! A scratch manuscript folder for a test that writes its own book and runs the
//! command line on it.

use std::path::PathBuf;
use std::process::{Command, Output};

/// A scratch manuscript folder for one test.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("imprenta-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("libro/images")).unwrap();
        Scratch { dir }
    }

    /// A scratch folder holding a small valid book.
    pub fn with_book(name: &str) -> Self {
        let scratch = Scratch::new(name);
        scratch.write(
            "libro/book.toml",
            "[book]\ntitle = \"Prueba\"\nauthors = [\"Ana\"]\n",
        );
        scratch.write("libro/01-uno.md", "# Uno\n\nHola, «mundo».\n");
        scratch
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// Parses the book in `libro/` and lays out its pages, in the library.
    pub fn layout(&self) -> imprenta::typeset::Layout {
        let warnings = imprenta::diag::Warnings::new();
        let parsed = imprenta::parse_book(&self.path("libro"), None, &warnings).unwrap();
        imprenta::layout(&parsed, &warnings).unwrap()
    }

    pub fn write(&self, relative: &str, content: impl AsRef<[u8]>) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    /// Builds the book in `libro/` into `libro.epub` with the command line, and reads it.
    pub fn epub(&self) -> Vec<u8> {
        let out = self.path("libro.epub");
        let run = self.run(&[
            "epub",
            "--manuscript",
            "libro",
            "-o",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(run.status.success(), "{}", crate::common::stderr(&run));
        std::fs::read(&out).unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_imprenta"))
            .args(args)
            .current_dir(&self.dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
