//! No command destroys or leaks a file: what a careless or hostile user can do with output
//! paths, links, devices, FIFOs and signals, each answered with exit 1 and a message that
//! names the path (or, for a link at the output, by replacing the link alone), the
//! author's files byte for byte as they were, and no output or temporary file left.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{assert_refused, stderr, Scratch};

/// The files under `dir` (recursively), with their bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            } else {
                let target = std::fs::read_link(&path).map(|t| t.display().to_string());
                out.push((
                    path.display().to_string(),
                    format!("{target:?}").into_bytes(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Temporary files (ours are `.imprenta-*.tmp`) anywhere under `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    snapshot(dir)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// Runs imprenta in `scratch` and asserts it refused: exit 1, `expected` in the message,
/// the manuscript unchanged, no temporary file anywhere.
fn refused(scratch: &Scratch, args: &[&str], expected: &str) -> String {
    let before = snapshot(&scratch.path("libro"));
    let output = scratch.run(args);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{args:?}: {message}");
    assert!(
        message.contains(expected),
        "{args:?}: expected «{expected}» in:\n{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
    assert_eq!(
        snapshot(&scratch.path("libro")),
        before,
        "{args:?} changed the manuscript"
    );
    assert!(temporaries(&scratch.path("")).is_empty(), "{args:?}");
    message
}

#[test]
fn an_output_path_that_is_an_input_is_refused() {
    let scratch = Scratch::with_book("own-files");
    scratch.write("libro/images/foto.png", common_png());
    scratch.write(
        "libro/01-uno.md",
        "# Uno\n\nHola.\n\n![Foto](images/foto.png)\n",
    );
    scratch.write(
        "fuentes/mia.ttf",
        std::fs::read("fonts/CharisSIL-Bold.ttf").unwrap(),
    );
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\n[fonts]\nbold = \"../fuentes/mia.ttf\"\n",
    );
    for (format, target) in [
        ("epub", "libro/01-uno.md"),
        ("pdf", "libro/book.toml"),
        ("epub", "libro/images/foto.png"),
        ("pdf", "libro/./images/../01-uno.md"),
        // Fonts may live outside the manuscript; they are inputs all the same.
        ("pdf", "fuentes/mia.ttf"),
    ] {
        let message = refused(
            &scratch,
            &[format, "--manuscript", "libro", "-o", target],
            "the output path is one of the book's own files",
        );
        assert!(message.contains(target), "{message}");
    }
    let font = std::fs::read(scratch.path("fuentes/mia.ttf")).unwrap();
    assert_eq!(font, std::fs::read("fonts/CharisSIL-Bold.ttf").unwrap());
    // A chapter reached through a link in the output folder is still the chapter.
    std::os::unix::fs::symlink(scratch.path("libro"), scratch.path("atajo")).unwrap();
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "atajo/01-uno.md"],
        "the output path is one of the book's own files",
    );
}

/// A tiny valid PNG (1×1, gray).
fn common_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 1, 1);
    encoder.set_color(png::ColorType::Grayscale);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[128]).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn folders_devices_and_files_imprenta_did_not_write_are_not_replaced() {
    let scratch = Scratch::with_book("targets");
    std::fs::create_dir_all(scratch.path("carpeta.pdf")).unwrap();
    refused(
        &scratch,
        &["pdf", "--manuscript", "libro", "-o", "carpeta.pdf"],
        "carpeta.pdf: the output path is a folder",
    );
    refused(
        &scratch,
        &["pdf", "--manuscript", "libro", "-o", "/dev/null"],
        "/dev/null: the output path is a character device",
    );
    // Still the device, not a PDF renamed over it.
    use std::os::unix::fs::FileTypeExt;
    assert!(Path::new("/dev/null")
        .metadata()
        .unwrap()
        .file_type()
        .is_char_device());

    scratch.write("notas.epub", "las notas de la autora");
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "notas.epub"],
        "a file imprenta did not write is already there (it is not an EPUB)",
    );
    assert_eq!(
        std::fs::read(scratch.path("notas.epub")).unwrap(),
        b"las notas de la autora"
    );
    // An earlier EPUB is replaced; --force replaces anything.
    let output = scratch.run(&["epub", "-q", "--manuscript", "libro", "-o", "libro.epub"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = scratch.run(&["epub", "-q", "--manuscript", "libro", "-o", "libro.epub"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "an earlier EPUB is ours: {}",
        stderr(&output)
    );
    let output = scratch.run(&[
        "epub",
        "-q",
        "--manuscript",
        "libro",
        "-o",
        "notas.epub",
        "--force",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read(scratch.path("notas.epub"))
        .unwrap()
        .starts_with(b"PK\x03\x04"));
    // A PDF where an EPUB goes is not an EPUB.
    let output = scratch.run(&["pdf", "-q", "--manuscript", "libro", "-o", "libro.pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::rename(scratch.path("libro.pdf"), scratch.path("otro.epub")).unwrap();
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "otro.epub"],
        "it is not an EPUB",
    );
}

#[test]
fn a_link_at_the_output_is_replaced_not_written_through() {
    let scratch = Scratch::with_book("link-out");
    scratch.write("privado.txt", "no tocar");
    std::fs::create_dir_all(scratch.path("out")).unwrap();
    std::os::unix::fs::symlink(scratch.path("privado.txt"), scratch.path("out/prueba.pdf"))
        .unwrap();
    let output = scratch.run(&["pdf", "-q", "--manuscript", "libro", "-o", "out/prueba.pdf"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read(scratch.path("privado.txt")).unwrap(),
        b"no tocar"
    );
    let written = scratch.path("out/prueba.pdf");
    assert!(!written.symlink_metadata().unwrap().file_type().is_symlink());
    assert!(std::fs::read(&written).unwrap().starts_with(b"%PDF-"));
    assert!(temporaries(&scratch.path("out")).is_empty());
}

#[test]
fn build_replaces_all_files_or_none() {
    let scratch = Scratch::with_book("pair");
    let output = scratch.run(&["build", "-q", "--manuscript", "libro", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let before = snapshot(&scratch.path("out"));
    assert_eq!(
        before.len(),
        3,
        "the EPUB, the print interior and the screen PDF"
    );
    // The next build's print interior cannot be written (a folder stands where it goes):
    // the EPUB and the screen PDF, though they could be, are not replaced either.
    std::fs::remove_file(scratch.path("out/prueba.pdf")).unwrap();
    std::fs::create_dir_all(scratch.path("out/prueba.pdf")).unwrap();
    scratch.write("libro/01-uno.md", "# Uno\n\nOtro texto.\n");
    let output = scratch.run(&["build", "--manuscript", "libro", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("out/prueba.pdf: the output path is a folder"));
    let was = |name: &str| {
        let path = scratch.path(name).display().to_string();
        before
            .iter()
            .find(|(p, _)| *p == path)
            .expect(name)
            .1
            .clone()
    };
    assert_eq!(
        std::fs::read(scratch.path("out/prueba.epub")).unwrap(),
        was("out/prueba.epub"),
        "the EPUB was replaced although the PDF failed"
    );
    assert_eq!(
        std::fs::read(scratch.path("out/prueba-screen.pdf")).unwrap(),
        was("out/prueba-screen.pdf"),
        "the screen PDF was replaced although the print interior failed"
    );
    assert!(temporaries(&scratch.path("out")).is_empty());
}

#[test]
fn chapters_are_confined_to_the_folder_and_read_only_as_regular_files() {
    let scratch = Scratch::with_book("confined");
    scratch.write("secreto.txt", "clave privada");
    std::os::unix::fs::symlink(
        scratch.path("secreto.txt"),
        scratch.path("libro/09-notas.md"),
    )
    .unwrap();
    let message = refused(
        &scratch,
        &["build", "--manuscript", "libro", "--out-dir", "out"],
        "libro/09-notas.md: the chapter is a symbolic link that leads outside the manuscript folder",
    );
    assert!(!message.contains("clave privada"));
    assert!(!scratch.path("out").exists());
    std::fs::remove_file(scratch.path("libro/09-notas.md")).unwrap();

    // A link inside the folder to a device, a FIFO: refused at once, nothing read.
    std::os::unix::fs::symlink("/dev/zero", scratch.path("libro/09-cero.md")).unwrap();
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "out/a.epub"],
        "libro/09-cero.md: the chapter is a symbolic link that leads outside",
    );
    std::fs::remove_file(scratch.path("libro/09-cero.md")).unwrap();
    let fifo = scratch.path("libro/09-tubo.md");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    refused(
        &scratch,
        &["pdf", "--manuscript", "libro", "-o", "out/a.pdf"],
        "libro/09-tubo.md: the chapter is a FIFO (named pipe), not a regular file",
    );
    std::fs::remove_file(&fifo).unwrap();

    // A listed chapter that is a folder says so.
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"Prueba\"\nchapters = [\"images\"]\n",
    );
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "out/a.epub"],
        "libro/book.toml:3: chapter `images` is a folder, not a Markdown file",
    );
}

#[test]
fn fonts_may_be_outside_but_only_regular_files() {
    let scratch = Scratch::with_book("font-devices");
    for (path, what) in [
        ("/dev/zero", "is a character device, not a regular file"),
        ("/dev/urandom", "is a character device, not a regular file"),
    ] {
        scratch.write(
            "libro/book.toml",
            format!("[book]\ntitle = \"T\"\n[fonts]\nregular = \"{path}\"\n"),
        );
        refused(
            &scratch,
            &["pdf", "--manuscript", "libro", "-o", "out/a.pdf"],
            &format!("libro/book.toml:4: font file {path} {what}"),
        );
    }
    let fifo = scratch.path("tubo.ttf");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n[fonts]\nitalic = \"../tubo.ttf\"\n",
    );
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "out/a.epub"],
        "is a FIFO (named pipe), not a regular file",
    );
}

#[test]
fn an_interrupted_build_leaves_no_temporary_file() {
    let scratch = Scratch::with_book("signals");
    let output = scratch.run(&["build", "-q", "--manuscript", "libro", "--out-dir", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let earlier = snapshot(&scratch.path("out"));
    scratch.write("libro/01-uno.md", "# Uno\n\nOtro texto, que no llegará.\n");
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        // The debug build holds its finished temporary files this long before renaming
        // them, so the signal arrives while both exist.
        let mut child = Command::new(env!("CARGO_BIN_EXE_imprenta"))
            .args(["build", "-q", "--manuscript", "libro", "--out-dir", "out"])
            .current_dir(scratch.path(""))
            .env("IMPRENTA_TEST_PAUSE_MS", "20000")
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while temporaries(&scratch.path("out")).len() < 2 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no temporary files appeared"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        let sent = Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        assert!(
            temporaries(&scratch.path("")).is_empty(),
            "SIG{signal} left {:?}",
            temporaries(&scratch.path(""))
        );
        assert_eq!(snapshot(&scratch.path("out")), earlier, "SIG{signal}");
    }
}

#[test]
fn bad_paths_and_settings_are_named_clearly() {
    let scratch = Scratch::with_book("messages");
    // An output folder through a link to nowhere.
    std::os::unix::fs::symlink(scratch.path("no-existe"), scratch.path("salida")).unwrap();
    refused(
        &scratch,
        &["epub", "--manuscript", "libro", "-o", "salida/a.epub"],
        "salida: the output folder is a symbolic link to",
    );
    // A manuscript folder that is a link loop.
    std::os::unix::fs::symlink("bucle", scratch.path("bucle")).unwrap();
    let output = scratch.run(&["epub", "--manuscript", "bucle"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("bucle: the manuscript folder is a symbolic link that leads round in a loop"),
        "{}",
        stderr(&output)
    );
    // Leading under the type size names its line.
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n\n[pdf]\nfont_size = 12\nleading = 8\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:6: `leading` (8pt) is less than four fifths",
    );
    scratch.write(
        "libro/book.toml",
        "[book]\ntitle = \"T\"\n[pdf]\nwidth = inf\n",
    );
    assert_refused(
        &scratch,
        "libro/book.toml:4: `width` must lie between 50mm and 1000mm",
    );
    // Control characters from a file name reach the terminal escaped.
    scratch.write("libro/book.toml", "[book]\ntitle = \"T\"\n");
    scratch.write("libro/02-\u{1b}[31mrojo.md", "# Dos\n\n![x](falta.png)\n");
    let output = scratch.run(&["epub", "--manuscript", "libro", "-o", "out/a.epub"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("02-\\u{1b}[31mrojo.md:3"), "{message:?}");
    std::fs::remove_file(scratch.path("libro/02-\u{1b}[31mrojo.md")).unwrap();
    // SOURCE_DATE_EPOCH past year 9999 or before 1970.
    for value in ["253402300800", "-5", "1e9"] {
        let output = Command::new(env!("CARGO_BIN_EXE_imprenta"))
            .args(["epub", "--manuscript", "libro", "-o", "out/a.epub"])
            .current_dir(scratch.path(""))
            .env("SOURCE_DATE_EPOCH", value)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{value}");
        assert!(
            stderr(&output).contains("SOURCE_DATE_EPOCH"),
            "{}",
            stderr(&output)
        );
    }
    // A title far longer than a file name may be gives a file name all the same.
    scratch.write(
        "libro/book.toml",
        format!(
            "[book]\ntitle = \"{}\"\n",
            "Una crónica muy larga ".repeat(12)
        ),
    );
    let output = scratch.run(&["epub", "-q", "--manuscript", "libro"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(scratch.path("build").read_dir().unwrap().count() == 1);
}
