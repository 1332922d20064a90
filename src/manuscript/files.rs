//! Reading the author's files safely: regular files only, each read capped at its kind's
//! limit before a byte is read, and (for chapters and images) confined to the folder.
//!
//! A device (`/dev/zero`), a FIFO or a socket reached through a careless or hostile
//! symbolic link would otherwise stream without end or block for ever; a file that grows
//! while it is read cannot take more than its limit, since the read itself is capped.

use std::fs::Metadata;
use std::io::{self, Read};
use std::path::Path;

/// `book.toml` is a few hundred bytes; a megabyte is already absurd.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Chapters larger than this are refused rather than risk exhausting memory.
pub const MAX_CHAPTER_BYTES: u64 = 64 * 1024 * 1024;
/// Images larger than this are refused: no e-reader or print service wants them.
pub const MAX_IMAGE_BYTES: u64 = 32 * 1024 * 1024;
/// The largest fonts in use (CJK families) are about 20 MiB a face.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// Nothing at the path (or a dangling link).
    Missing,
    /// Symbolic links that lead back to themselves.
    Loop,
    /// Something other than a regular file; the string says what (`a folder`, `a FIFO`).
    NotRegular(&'static str),
    /// Larger than the limit for its kind.
    TooLarge { size: u64, limit: u64 },
    /// A path inside the folder whose links lead out of it ([`read_inside`]).
    Outside,
    /// Any other failure of the operating system.
    Io(io::Error),
}

impl ReadError {
    /// The reason, as the end of a sentence that starts with the file's role
    /// (`the chapter {reason}`).
    pub fn reason(&self) -> String {
        match self {
            ReadError::Missing => "does not exist".into(),
            ReadError::Loop => "is a symbolic link that leads round in a loop".into(),
            ReadError::Outside => {
                "is a symbolic link that leads outside the manuscript folder".into()
            }
            ReadError::NotRegular(what) => format!("is {what}, not a regular file"),
            ReadError::TooLarge { size, limit } => format!(
                "is {}, over the limit of {}",
                mebibytes(*size),
                mebibytes(*limit)
            ),
            ReadError::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

fn mebibytes(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::NotFound {
            ReadError::Missing
        } else if e.raw_os_error() == Some(libc::ELOOP) {
            ReadError::Loop
        } else {
            ReadError::Io(e)
        }
    }
}

/// What a file system entry is, in words, for messages.
pub fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_file() {
        "a regular file"
    } else if t.is_symlink() {
        "a symbolic link"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// Reads the regular file at `path` (following links), refusing anything else and anything
/// larger than `limit` bytes.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    // O_NONBLOCK: should the entry be swapped for a FIFO between the check above and the
    // open, the open returns at once instead of waiting for a writer.
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(kind_of(&opened)));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(limit) as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads `relative` as [`read_regular`] does, when it really lies inside the folder `root`
/// (every symbolic link followed); [`ReadError::Outside`] when it leads out.
pub fn read_inside(root: &Path, relative: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let real_root = root.canonicalize()?;
    let real = root.join(relative).canonicalize()?;
    if !real.starts_with(&real_root) || real == real_root {
        return Err(ReadError::Outside);
    }
    read_regular(&real, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("imprenta-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn only_regular_files_within_their_limit_are_read() {
        let dir = scratch("regular");
        std::fs::write(dir.join("a.md"), "hola").unwrap();
        assert_eq!(read_regular(&dir.join("a.md"), 4).unwrap(), b"hola");
        assert!(matches!(
            read_regular(&dir.join("a.md"), 3),
            Err(ReadError::TooLarge { size: 4, limit: 3 })
        ));
        assert!(matches!(
            read_regular(&dir, 10),
            Err(ReadError::NotRegular("a folder"))
        ));
        assert!(matches!(
            read_regular(&dir.join("b.md"), 10),
            Err(ReadError::Missing)
        ));
        assert!(matches!(
            read_regular(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular("a character device"))
        ));
        std::os::unix::fs::symlink("loop.md", dir.join("loop.md")).unwrap();
        assert!(matches!(
            read_regular(&dir.join("loop.md"), 10),
            Err(ReadError::Loop)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn links_out_of_the_folder_are_not_inside() {
        let dir = scratch("inside");
        std::fs::write(dir.join("a.md"), "hola").unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("b.md")).unwrap();
        std::os::unix::fs::symlink("a.md", dir.join("c.md")).unwrap();
        assert_eq!(read_inside(&dir, Path::new("a.md"), 10).unwrap(), b"hola");
        assert_eq!(read_inside(&dir, Path::new("c.md"), 10).unwrap(), b"hola");
        assert!(matches!(
            read_inside(&dir, Path::new("b.md"), 10),
            Err(ReadError::Outside)
        ));
        assert!(matches!(
            read_inside(&dir, Path::new("x.md"), 10),
            Err(ReadError::Missing)
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
