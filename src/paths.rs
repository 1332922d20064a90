//! Relative paths as the manuscript writes them, resolved on their text alone.

use std::path::{Component, Path, PathBuf};

/// `path` with its `.` steps dropped and each `..` taking the folder before it; `None`
/// when a `..` climbs above where the path starts, or the path is absolute (it would
/// name something outside the folder it is read from).
pub fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(name) => out.push(name),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// A file or folder name without the numbering that orders it (`01-`, `1_`, `02. `):
/// `01-el_viaje` → `el_viaje`.
pub fn unnumbered(name: &str) -> &str {
    name.trim_start_matches(|c: char| c.is_ascii_digit() || "-_. ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_taken_on_the_text() {
        let n = |p: &str| normalise(Path::new(p)).map(|p| p.display().to_string());
        assert_eq!(n("./a/../b/c.md").as_deref(), Some("b/c.md"));
        assert_eq!(n("cap1/../../x.png"), None);
        assert_eq!(n("/etc/passwd"), None);
        assert_eq!(n("a/./b").as_deref(), Some("a/b"));
    }
}
