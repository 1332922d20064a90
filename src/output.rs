//! Writing finished files: to a temporary file beside the target, renamed into place only
//! when complete, so an interrupted or failed build never leaves half a book behind.

use std::io::Write;
use std::path::Path;

use crate::diag::{Diagnostic, Loc, Result};

/// Writes `bytes` to `path` atomically, creating the folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| {
        Diagnostic::at(Loc::file(path), format!("cannot {what}: {e}"))
            .with_hint("choose another output path with -o, or check the folder's permissions")
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder).map_err(|e| fail("create the output folder", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "imprenta".into());
    let temp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(fail("write the output file", e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("imprenta-out-{}", std::process::id()));
        let path = dir.join("sub/libro.epub");
        write_atomically(&path, b"uno").unwrap();
        write_atomically(&path, b"dos").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"dos");
        let leftovers = std::fs::read_dir(dir.join("sub")).unwrap().count();
        assert_eq!(leftovers, 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unwritable_target_is_an_error_that_names_it() {
        let e = write_atomically(Path::new("/proc/imprenta/libro.pdf"), b"x").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("/proc/imprenta/libro.pdf: cannot"),
            "{e}"
        );
    }
}
