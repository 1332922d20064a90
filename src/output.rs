//! Writing finished files without destroying anything on the way.
//!
//! - A target that is one of the build's own inputs (a chapter, `book.toml`, an image, a
//!   font), a folder, or anything but a regular file is refused: one mistyped `-o` must not
//!   replace a chapter, and a rename over `/dev/null` would replace the device.
//! - An existing file is replaced only if it is what imprenta writes there (an EPUB or a
//!   PDF, told by their first bytes), or with `--force`. A symbolic link at the target is
//!   replaced itself: the file it points to is never written through.
//! - Each file is written to a temporary file in the target's folder, with a name nobody
//!   can guess, created exclusively (the `tempfile` crate: `O_EXCL`, mode 0600), and
//!   renamed into place only when every file of the build is complete. A failed build
//!   leaves the previous outputs as they were and removes its temporary files, also when
//!   interrupted ([`remove_pending`], called from the binary's signal handler). Only a
//!   rename failing after another succeeded (two renames in one folder, both checked
//!   beforehand) could leave one new file beside an old one.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use crate::diag::{Diagnostic, Loc, Result};
use crate::manuscript::files::kind_of;

/// What kind of file an output is, to recognise an earlier one at its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Epub,
    Pdf,
}

impl OutputKind {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            OutputKind::Epub => "epub",
            OutputKind::Pdf => "pdf",
        }
    }

    /// Whether `head` (a file's first bytes) starts like a file of this kind. An EPUB is a
    /// ZIP whose first entry is `mimetype`, stored, holding `application/epub+zip` (OCF
    /// 3.3, §4.2.2); a PDF starts with `%PDF-` (ISO 32000-1, §7.5.2).
    fn recognises(self, head: &[u8]) -> bool {
        match self {
            OutputKind::Epub => {
                head.len() >= 30
                    && head.starts_with(b"PK\x03\x04")
                    && head[26..28] == [8, 0]
                    && head.get(30..38) == Some(b"mimetype".as_slice())
                    && {
                        let extra = usize::from(u16::from_le_bytes([head[28], head[29]]));
                        head.get(38 + extra..58 + extra) == Some(b"application/epub+zip".as_slice())
                    }
            }
            OutputKind::Pdf => head.starts_with(b"%PDF-"),
        }
    }
}

/// One file to write.
pub struct OutputFile<'a> {
    pub path: PathBuf,
    pub kind: OutputKind,
    pub bytes: &'a [u8],
}

/// Temporary files being written, for [`remove_pending`].
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes the temporary files of writes under way: for a signal handler, before the
/// process exits without running destructors.
pub fn remove_pending() {
    let pending = PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    for path in pending.iter() {
        let _ = std::fs::remove_file(path);
    }
}

fn forget_pending(path: &Path) {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    pending.retain(|p| p != path);
}

/// A temporary file that leaves [`PENDING`] when dropped (and is then removed by
/// `NamedTempFile`'s own drop, unless it was renamed into place).
struct Pending(Option<NamedTempFile>);

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(temp) = &self.0 {
            forget_pending(temp.path());
        }
    }
}

/// Writes every file, or none: each is checked, written to a temporary file and synced;
/// only then are they renamed into place. `inputs` are the files the build read, which
/// no output may replace; `force` allows replacing a file imprenta did not write.
pub fn write_all(files: &[OutputFile], inputs: &[PathBuf], force: bool) -> Result<()> {
    for file in files {
        check_target(&file.path, file.kind, inputs, force)?;
    }
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        written.push(write_temporary(&file.path, file.bytes)?);
    }
    pause_before_renaming();
    for (file, mut pending) in files.iter().zip(written) {
        let temp = pending
            .0
            .take()
            .expect("each temporary file is renamed once");
        let temp_path = temp.path().to_path_buf();
        // Forgotten only once renamed: a signal in between removes a path that is gone.
        let renamed = temp.persist(&file.path);
        forget_pending(&temp_path);
        renamed.map_err(|e| failure(&file.path, "move the finished file into place", e.error))?;
    }
    Ok(())
}

/// Replaces an author's file (a chapter `check --fix` mends) with `bytes`, the way outputs
/// are written: a registered temporary file beside it, renamed over it, so an interrupted
/// fix leaves the file as it was and no temporary behind. The file a link leads to is the
/// one replaced, and it keeps its permissions.
pub fn replace_source(path: &Path, bytes: &[u8]) -> Result<()> {
    let real = std::fs::canonicalize(path).map_err(|e| failure(path, "find the file", e))?;
    let permissions = std::fs::metadata(&real)
        .map_err(|e| failure(path, "read the file's permissions", e))?
        .permissions();
    let mut pending = write_temporary(&real, bytes)?;
    let temp = pending
        .0
        .take()
        .expect("the temporary file is renamed once");
    let temp_path = temp.path().to_path_buf();
    std::fs::set_permissions(&temp_path, permissions)
        .map_err(|e| failure(path, "keep the file's permissions", e))?;
    let renamed = temp.persist(&real);
    forget_pending(&temp_path);
    renamed.map_err(|e| failure(path, "move the fixed file into place", e.error))?;
    Ok(())
}

/// Writes one file: [`write_all`] with one file.
pub fn write_one(path: &Path, kind: OutputKind, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    let file = OutputFile {
        path: path.to_path_buf(),
        kind,
        bytes,
    };
    write_all(&[file], inputs, false)
}

/// For the signal tests of a debug build: `IMPRENTA_TEST_PAUSE_MS` holds every finished
/// temporary file that long before the renames, so a signal reliably arrives while they
/// exist. Release builds have no such pause.
fn pause_before_renaming() {
    if cfg!(debug_assertions) {
        if let Some(ms) = std::env::var("IMPRENTA_TEST_PAUSE_MS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}

fn failure(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    let hint = if e.kind() == std::io::ErrorKind::StorageFull {
        "the disk is full: free some space and build again (the previous file is untouched)"
    } else if e.kind() == std::io::ErrorKind::PermissionDenied {
        "choose another output path with -o, or check the folder's permissions"
    } else {
        "choose another output path with -o"
    };
    Diagnostic::at(Loc::file(path), format!("cannot {what}: {e}")).with_hint(hint)
}

/// The folder a path's file lives in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Refuses a target that writing would make a victim of.
fn check_target(path: &Path, kind: OutputKind, inputs: &[PathBuf], force: bool) -> Result<()> {
    let refuse = |message: String, hint: &str| {
        Err(Diagnostic::at(Loc::file(path), message).with_hint(hint.to_string()))
    };
    if path.file_name().is_none() {
        return refuse(
            "the output path names no file".into(),
            "give a file name, such as build/libro.epub",
        );
    }
    let Ok(entry) = path.symlink_metadata() else {
        return Ok(()); // Nothing there yet.
    };
    // Compared by device and inode, not by name: the same file reached through `..`, a
    // link, another case on a case-insensitive disk, or a hard link is still the input.
    use std::os::unix::fs::MetadataExt;
    let identity = |meta: &std::fs::Metadata| (meta.dev(), meta.ino());
    let target = identity(&entry);
    for input in inputs {
        // A link at the target is replaced, not written through: it matters only when the
        // link itself is the input (a chapter that is a link) or when it is the file.
        let is_input = [input.symlink_metadata(), input.metadata()]
            .iter()
            .flatten()
            .any(|meta| identity(meta) == target);
        if is_input {
            return refuse(
                "the output path is one of the book's own files, which the build reads".into(),
                "write the book somewhere else, e.g. -o build/libro.epub; nothing was written",
            );
        }
    }
    if entry.file_type().is_symlink() {
        return Ok(());
    }
    if !entry.is_file() {
        let what = kind_of(&entry);
        let hint = if entry.is_dir() {
            "give a file name inside it, or use `imprenta build --out-dir` for a folder"
        } else {
            "imprenta writes regular files only; give a file path with -o"
        };
        return refuse(
            format!("the output path is {what}, not a file imprenta may replace"),
            hint,
        );
    }
    if force || entry.len() == 0 {
        return Ok(());
    }
    let mut head = [0u8; 128];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| failure(path, "read the existing file", e))?;
    if !kind.recognises(&head[..read]) {
        let what = match kind {
            OutputKind::Epub => "an EPUB",
            OutputKind::Pdf => "a PDF",
        };
        return refuse(
            format!("a file imprenta did not write is already there (it is not {what}); it was left untouched"),
            "choose another output path, or pass --force to replace it",
        );
    }
    Ok(())
}

/// Writes `bytes` to a new temporary file in `path`'s folder (created if needed).
fn write_temporary(path: &Path, bytes: &[u8]) -> Result<Pending> {
    let folder = folder_of(path);
    if let Err(e) = std::fs::create_dir_all(folder) {
        // `create_dir_all` says only «File exists» of a link to nowhere.
        if let (Ok(link), Err(_)) = (folder.symlink_metadata(), folder.metadata()) {
            if link.file_type().is_symlink() {
                let to = std::fs::read_link(folder).unwrap_or_default();
                return Err(Diagnostic::at(
                    Loc::file(folder),
                    format!(
                        "the output folder is a symbolic link to {}, which does not exist",
                        to.display()
                    ),
                )
                .with_hint("create the folder it points to, or choose another output path"));
            }
        }
        if let Ok(meta) = folder.metadata() {
            if !meta.is_dir() {
                return Err(Diagnostic::at(
                    Loc::file(path),
                    format!(
                        "cannot create the output folder: {} is {}",
                        folder.display(),
                        kind_of(&meta)
                    ),
                )
                .with_hint("choose another output path with -o"));
            }
        }
        return Err(failure(path, "create the output folder", e));
    }
    // 0666 less the umask, as any file an editor or `cp` creates: the finished book is
    // the author's to share, not a private temporary file (tempfile's 0600).
    use std::os::unix::fs::PermissionsExt;
    // Created and registered under one lock: a signal handler waiting for it then finds
    // the file listed.
    let mut registry = PENDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let temp = tempfile::Builder::new()
        .prefix(".imprenta-")
        .suffix(".tmp")
        .permissions(std::fs::Permissions::from_mode(0o666))
        .tempfile_in(folder)
        .map_err(|e| failure(path, "create a temporary file beside the output", e))?;
    registry.push(temp.path().to_path_buf());
    drop(registry);
    let mut pending = Pending(Some(temp));
    let file = pending.0.as_mut().expect("just created").as_file_mut();
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| failure(path, "write the output file", e))?;
    Ok(pending)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("imprenta-out-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces_its_own_files_leaving_no_temporary_file() {
        let dir = scratch("replace");
        let path = dir.join("sub/libro.pdf");
        write_one(&path, OutputKind::Pdf, b"%PDF-1.7 uno", &[]).unwrap();
        write_one(&path, OutputKind::Pdf, b"%PDF-1.7 dos", &[]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 dos");
        assert_eq!(listing(&dir.join("sub")), ["libro.pdf"]);
        // As readable as any file the user creates (0666 less the umask), not 0600.
        use std::os::unix::fs::PermissionsExt;
        let mode = path.metadata().unwrap().permissions().mode() & 0o777;
        let plain = dir.join("plain");
        std::fs::write(&plain, "x").unwrap();
        assert_eq!(mode, plain.metadata().unwrap().permissions().mode() & 0o777);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_imprenta_did_not_write_is_kept_unless_forced() {
        let dir = scratch("foreign");
        let path = dir.join("notas.pdf");
        std::fs::write(&path, "mis notas").unwrap();
        let e = write_one(&path, OutputKind::Pdf, b"%PDF-1.7", &[]).unwrap_err();
        assert!(e.message.contains("it is not a PDF"), "{e}");
        assert_eq!(std::fs::read(&path).unwrap(), b"mis notas");
        let file = OutputFile {
            path: path.clone(),
            kind: OutputKind::Pdf,
            bytes: b"%PDF-1.7",
        };
        write_all(&[file], &[], true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn inputs_folders_devices_and_links_are_handled_safely() {
        let dir = scratch("inputs");
        let chapter = dir.join("01.md");
        std::fs::write(&chapter, "# Uno").unwrap();
        let e = write_one(
            &chapter,
            OutputKind::Epub,
            b"PK",
            std::slice::from_ref(&chapter),
        )
        .unwrap_err();
        assert!(e.message.contains("book's own files"), "{e}");
        // The same file reached another way round, or through a hard link.
        let roundabout = dir.join(".").join("01.md");
        let inputs = std::slice::from_ref(&chapter);
        assert!(write_one(&roundabout, OutputKind::Epub, b"PK", inputs).is_err());
        std::fs::hard_link(&chapter, dir.join("enlace.epub")).unwrap();
        assert!(write_one(&dir.join("enlace.epub"), OutputKind::Epub, b"PK", inputs).is_err());
        std::fs::remove_file(dir.join("enlace.epub")).unwrap();
        assert_eq!(std::fs::read(&chapter).unwrap(), b"# Uno");

        let e = write_one(&dir, OutputKind::Pdf, b"%PDF-", &[]).unwrap_err();
        assert!(e.message.contains("a folder"), "{e}");
        let e = write_one(Path::new("/dev/null"), OutputKind::Pdf, b"%PDF-", &[]).unwrap_err();
        assert!(e.message.contains("character device"), "{e}");

        // A link at the target is replaced; what it points to is not written.
        let victim = dir.join("victima.txt");
        std::fs::write(&victim, "intacto").unwrap();
        let link = dir.join("libro.pdf");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        write_one(&link, OutputKind::Pdf, b"%PDF-1.7", &[]).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"intacto");
        assert!(!link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(listing(&dir), ["01.md", "libro.pdf", "victima.txt"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn nothing_is_renamed_until_every_file_is_written() {
        let dir = scratch("all");
        let epub = dir.join("libro.epub");
        let files = [
            OutputFile {
                path: epub.clone(),
                kind: OutputKind::Epub,
                bytes: b"new",
            },
            OutputFile {
                path: PathBuf::from("/proc/imprenta/libro.pdf"),
                kind: OutputKind::Pdf,
                bytes: b"%PDF-",
            },
        ];
        let e = write_all(&files, &[], false).unwrap_err();
        assert!(e.to_string().starts_with("/proc/imprenta"), "{e}");
        assert!(!epub.exists());
        assert!(listing(&dir).is_empty(), "{:?}", listing(&dir));
        // Other tests may be writing at the same time: only this folder's files matter.
        assert!(!PENDING.lock().unwrap().iter().any(|p| p.starts_with(&dir)));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dangling_output_folder_link_is_named() {
        let dir = scratch("dangling");
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("out")).unwrap();
        let e = write_one(&dir.join("out/libro.pdf"), OutputKind::Pdf, b"%PDF-", &[]).unwrap_err();
        assert!(e.message.contains("which does not exist"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_full_disk_is_named_as_such() {
        let e = failure(
            Path::new("build/libro.pdf"),
            "write the output file",
            std::io::Error::from(std::io::ErrorKind::StorageFull),
        );
        assert_eq!(e.loc, Some(Loc::file("build/libro.pdf")));
        assert!(e.hint.unwrap().starts_with("the disk is full"));
    }

    #[test]
    fn earlier_outputs_are_recognised_by_their_first_bytes() {
        let mut epub = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut epub);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/epub+zip").unwrap();
        zip.finish().unwrap();
        let epub = epub.into_inner();
        assert!(OutputKind::Epub.recognises(&epub));
        assert!(!OutputKind::Pdf.recognises(&epub));
        assert!(OutputKind::Pdf.recognises(b"%PDF-1.7\n"));
        assert!(!OutputKind::Epub.recognises(b"PK\x03\x04 a zip of something else"));
    }
}
