//! Byte-identical rebuilds: the same manuscript gives the same EPUB and PDF, whatever the
//! working directory, the order the file system lists the chapters in, the day, or the
//! number of threads.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("imprenta-det-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a manuscript folder, writing its files in `reverse` order when asked, so that the
/// copy's directory listing order differs from the original's.
fn copy_manuscript(from: &Path, to: &Path, reverse: bool) {
    let mut entries: Vec<_> = walk(from);
    entries.sort();
    if reverse {
        entries.reverse();
    }
    for relative in entries {
        let target = to.join(&relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&relative), target).unwrap();
    }
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        for entry in std::fs::read_dir(root.join(&relative)).unwrap() {
            let entry = entry.unwrap();
            let path = relative.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Builds both formats of the manuscript at `manuscript` from `cwd`, returning the bytes.
/// Every file `build` writes (the EPUB, the print interior, the tagged screen PDF, the
/// cover when there is one), by name.
fn build(
    cwd: &Path,
    manuscript: &Path,
    threads: &str,
    epoch: Option<&str>,
) -> Vec<(String, Vec<u8>)> {
    let out = cwd.join("salida");
    let _ = std::fs::remove_dir_all(&out);
    let mut command = Command::new(env!("CARGO_BIN_EXE_imprenta"));
    command
        .args(["build", "-q", "--manuscript"])
        .arg(manuscript)
        .arg("--out-dir")
        .arg(&out)
        .current_dir(cwd)
        .env("RAYON_NUM_THREADS", threads)
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn rebuilds_are_byte_identical() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");

    // The sample book names its fonts as ../fonts/…: give each copy a sibling fonts/.
    let a = scratch("a");
    copy_manuscript(&sample, &a.join("manuscript"), false);
    copy_manuscript(&fonts, &a.join("fonts"), false);
    let b = scratch("b");
    copy_manuscript(&sample, &b.join("libro/manuscript"), true);
    copy_manuscript(&fonts, &b.join("libro/fonts"), true);

    let first = build(&a, Path::new("manuscript"), "1", None);
    let second = build(&b, &b.join("libro/manuscript"), "4", None);
    let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(
        names(&first),
        [
            "el-gran-movimiento-cover.pdf",
            "el-gran-movimiento-screen.pdf",
            "el-gran-movimiento.epub",
            "el-gran-movimiento.pdf"
        ]
    );
    assert_eq!(names(&first), names(&second));
    for ((name, a), (_, b)) in first.iter().zip(&second) {
        assert!(a == b, "{name} differs between builds");
    }

    // The date comes from SOURCE_DATE_EPOCH when set: it changes the files, deterministically.
    let dated = build(&a, Path::new("manuscript"), "2", Some("1800000000"));
    let dated_again = build(&b, &b.join("libro/manuscript"), "1", Some("1800000000"));
    assert!(dated == dated_again);
    for ((name, a), (_, b)) in first.iter().zip(&dated) {
        // The cover carries no date.
        if !name.ends_with("cover.pdf") {
            assert!(a != b, "SOURCE_DATE_EPOCH should set the dates of {name}");
        }
    }

    let _ = std::fs::remove_dir_all(a);
    let _ = std::fs::remove_dir_all(b);
}
