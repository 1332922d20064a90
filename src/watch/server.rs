//! The preview's HTTP server: the page, its script and style, the state as JSON, each
//! printed page as SVG, the book's images, the e-book's files, and the event stream.
//!
//! Everything it serves is the build's, held in memory: no request names a file on disk,
//! so nothing outside the manuscript can be reached (`/../../etc/passwd` is simply not a
//! route). It listens on the loopback address only, and answers only requests addressed
//! to it by that name (a web page elsewhere that rebinds its own domain to 127.0.0.1
//! gets nothing).

use std::net::SocketAddr;
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde_json::json;
use tiny_http::{Header, Method, Request, Response, Server};

use super::state::{Current, State};
use crate::diag::Diagnostic;
use crate::preview;

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// Threads answering requests (page SVGs come many at a time while scrolling); each
/// event stream has a thread of its own besides.
const WORKERS: usize = 4;

/// Listens on 127.0.0.1:`port` (0: any free port). A port in use is an error that names
/// the next free one.
pub fn bind(port: u16) -> Result<Server, Diagnostic> {
    Server::http(("127.0.0.1", port)).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            let free = (port.saturating_add(1)..=u16::MAX)
                .take(200)
                .find(|&p| std::net::TcpListener::bind(("127.0.0.1", p)).is_ok());
            let diagnostic = Diagnostic::general(format!(
                "port {port} on 127.0.0.1 is in use by another program"
            ));
            match free {
                Some(free) => diagnostic.with_hint(format!("port {free} is free: --port {free}")),
                None => diagnostic.with_hint("choose another port with --port"),
            }
        } else {
            Diagnostic::general(format!("cannot listen on 127.0.0.1:{port}: {e}"))
        }
    })
}

/// The address a bound server listens on.
pub fn address(server: &Server) -> Option<SocketAddr> {
    server.server_addr().to_ip()
}

/// Answers requests on `server` from `state`, on worker threads; returns at once.
pub fn serve(server: Arc<Server>, state: Arc<State>) {
    let port = address(&server).map_or(0, |a| a.port());
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let state = Arc::clone(&state);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                answer(request, &state, port);
            }
        });
    }
}

fn answer(request: Request, state: &Arc<State>, port: u16) {
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host_ok = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .is_some_and(|h| allowed.iter().any(|a| h.value.as_str() == a));
    if !host_ok {
        send(request, not_found());
        return;
    }
    if *request.method() != Method::Get {
        let refused = Response::from_data(b"only GET\n".to_vec())
            .with_status_code(405)
            .with_header(header("Allow", "GET"));
        send(request, refused);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == "/events" {
        let state = Arc::clone(state);
        std::thread::spawn(move || state.stream(request.into_writer()));
        return;
    }
    let response = route(path, &state.current());
    // What the browser already has (a font, a page it drew) is not sent again.
    let has = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("If-None-Match"))
        .map(|h| h.value.as_str().to_string());
    let same = has.is_some_and(|tag| {
        response
            .headers()
            .iter()
            .any(|h| h.field.equiv("ETag") && h.value.as_str() == tag)
    });
    if same {
        send(
            request,
            Response::from_data(Vec::new()).with_status_code(304),
        );
        return;
    }
    send(request, response);
}

/// Answers `request` and has the browser close the connection. tiny_http 0.12 serves each
/// connection on a thread of its pool for as long as the browser keeps it alive, and its
/// pool can queue a new connection behind a busy thread instead of starting one (two
/// connections opened together, as a browser opens them for a page's SVGs, both see the
/// one idle thread): that connection's requests then wait until some other connection
/// closes, and its pages stay blank. A connection that ends with its answer frees its
/// thread at once. (tiny_http drops a `Connection` header given to `respond`, hence the
/// head written here.)
fn send(request: Request, response: Reply) {
    use std::io::Write;
    let status = response.status_code();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.0,
        status.default_reason_phrase()
    );
    for h in response.headers() {
        head.push_str(&format!("{}: {}\r\n", h.field, h.value));
    }
    let body = response.into_reader().into_inner();
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = request.into_writer();
    let _ = out
        .write_all(head.as_bytes())
        .and_then(|()| out.write_all(&body))
        .and_then(|()| out.flush());
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn route(path: &str, current: &Current) -> Reply {
    match path {
        "/" | "/index.html" => file(INDEX, "text/html; charset=utf-8"),
        "/app.js" => file(SCRIPT, "text/javascript; charset=utf-8"),
        "/app.css" => file(STYLE, "text/css; charset=utf-8"),
        "/state.json" => reply(
            state_json(current).into_bytes(),
            "application/json; charset=utf-8",
        ),
        "/pages.json" => match pages_json(current) {
            Some(json) => reply(json.into_bytes(), "application/json; charset=utf-8"),
            None => not_found(),
        },
        "/diagnostics.json" => {
            let json = match &*current.diagnostics_json {
                // Before the first check: none yet.
                "" => json!(&*current.diagnostics).to_string(),
                written => written.to_string(),
            };
            reply(json.into_bytes(), "application/json; charset=utf-8")
        }
        "/glyphs.svg" => match &current.pages {
            Some(pages) => reply(pages.glyph_defs.as_bytes().to_vec(), "image/svg+xml"),
            None => not_found(),
        },
        _ => {
            if let Some(rest) = path.strip_prefix("/page/") {
                page(rest, current)
            } else if let Some(rest) = path.strip_prefix("/image/") {
                image(rest, current)
            } else if let Some(rest) = path.strip_prefix("/epub/") {
                ebook_file(rest, current)
            } else {
                not_found()
            }
        }
    }
}

/// `/page/12.svg`: page index 12 of the current layout.
fn page(rest: &str, current: &Current) -> Reply {
    let (Some(pages), Some(index)) = (&current.pages, page_number(rest)) else {
        return not_found();
    };
    if index >= pages.layout.pages.len() {
        return not_found();
    }
    let href = |id: crate::ir::ImageId| format!("/image/{id}");
    let options = preview::SvgOptions {
        sheets: crate::print::sheets(&pages.design, &pages.parsed.print),
        image_href: &href,
    };
    let svg = preview::page_svg(&pages.layout, index, &pages.destinations, &options);
    reply(svg.into_bytes(), "image/svg+xml")
}

/// The index in `12.svg`, written as the page writes it (not `+4.svg` or `04.svg`).
fn page_number(name: &str) -> Option<usize> {
    let digits = name.strip_suffix(".svg")?;
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| digits.parse().ok()).flatten()
}

/// `/image/3`: the book's image 3, as the manuscript has it.
fn image(rest: &str, current: &Current) -> Reply {
    let image = current.pages.as_ref().and_then(|pages| {
        let id = rest.parse::<usize>().ok()?;
        pages.parsed.book.images.get(id)
    });
    match image {
        // An SVG figure is shown through an <image> element, which runs no script.
        Some(image) => untrusted(reply(image.data.to_vec(), image.format.media_type())),
        None => not_found(),
    }
}

/// `/epub/OEBPS/cap-01.xhtml`: a file of the e-book, as the archive holds it.
fn ebook_file(rest: &str, current: &Current) -> Reply {
    let Ok(name) = percent_decode_str(rest).decode_utf8() else {
        return not_found();
    };
    match current
        .ebook
        .as_ref()
        .and_then(|e| e.files.get(name.as_ref()))
    {
        Some(data) => untrusted(reply(data.clone(), media_type(&name))),
        None => not_found(),
    }
}

/// The media type of an EPUB file, by its extension.
fn media_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or_default();
    match ext {
        "xhtml" => "application/xhtml+xml; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "opf" | "ncx" | "xml" => "application/xml",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The state the page draws from, as JSON: small, as it is asked for on every event; the
/// pages' list and the problems, which can run to thousands, come apart
/// ([`pages_json`], `/diagnostics.json`), asked for only when their build or check is new.
fn state_json(current: &Current) -> String {
    let pages = current.pages.as_ref().map(|p| {
        json!({
            "build": p.number,
            "title": p.parsed.book.metadata.title,
            "front": p.layout.front_pages,
            "count": p.layout.pages.len(),
            "glyphs": p.glyphs_tag,
            "changed": p.changed,
            "chapters_set": p.chapters_set,
            "took_ms": p.took.as_millis() as u64,
        })
    });
    let ebook = current.ebook.as_ref().map(|e| {
        let chapters: Vec<_> = e
            .chapters
            .iter()
            .map(|(title, path)| json!({ "title": title, "path": path }))
            .collect();
        json!({ "build": e.number, "chapters": chapters, "changed": e.changed })
    });
    let d = &current.diagnostics;
    json!({
        "generation": current.generation,
        "pages": pages,
        "ebook": ebook,
        "diagnostics": { "check": d.check, "broken": d.broken, "count": d.list.len() },
    })
    .to_string()
}

/// Every page's label, size and fingerprint, for the build that is current.
fn pages_json(current: &Current) -> Option<String> {
    let p = current.pages.as_ref()?;
    let sheets = crate::print::sheets(&p.design, &p.parsed.print);
    let list: Vec<_> = p
        .layout
        .pages
        .iter()
        .zip(&p.fingerprints)
        .enumerate()
        .map(|(i, (page, fp))| {
            let sheet = sheets.of(i, page);
            json!({
                "label": page.label,
                "width": page.width,
                "height": page.height,
                "sw": sheet.width,
                "sh": sheet.height,
                "fp": format!("{fp:016x}"),
            })
        })
        .collect();
    let glyphs = format!("{:016x}", fx_hash(p.glyph_defs.as_bytes()));
    Some(
        json!({ "build": p.number, "glyphs": glyphs, "changed": p.changed, "list": list })
            .to_string(),
    )
}

fn fx_hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

fn file(text: &'static str, media: &str) -> Reply {
    reply(text.as_bytes().to_vec(), media)
}

fn reply(data: Vec<u8>, media: &str) -> Reply {
    let tag = format!("\"{:016x}\"", fx_hash(&data));
    Response::from_data(data)
        .with_header(header("Content-Type", media))
        // Every answer is the build of the moment: the browser asks again each time, and
        // is told when what it has is still good.
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("ETag", &tag))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// The author's files (an SVG figure opened on its own, a chapter) run no script on the
/// preview's origin; the reader's text-size control still reaches the chapter.
fn untrusted(reply: Reply) -> Reply {
    reply.with_header(header(
        "Content-Security-Policy",
        "sandbox allow-same-origin; script-src 'none'",
    ))
}

fn not_found() -> Reply {
    Response::from_data(b"not found\n".to_vec())
        .with_status_code(404)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid ASCII header")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_builds_own_routes_answer() {
        let current = Current::default();
        for path in [
            "/../../etc/passwd",
            "/etc/passwd",
            "//etc/passwd",
            "/epub/../../Cargo.toml",
            "/epub/%2e%2e/%2e%2e/etc/passwd",
            "/page/0.svg",
            "/page/../0.svg",
            "/image/0",
            "/glyphs.svg",
        ] {
            assert_eq!(route(path, &current).status_code().0, 404, "{path}");
        }
        for path in ["/", "/app.js", "/app.css", "/state.json"] {
            assert_eq!(route(path, &current).status_code().0, 200, "{path}");
        }
        assert_eq!(
            media_type("OEBPS/cap-01.xhtml"),
            "application/xhtml+xml; charset=utf-8"
        );
        assert_eq!(media_type("OEBPS/img/imagen-01.jpg"), "image/jpeg");
    }

    #[test]
    fn a_port_in_use_names_a_free_one() {
        let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a port");
        let port = taken.local_addr().expect("its address").port();
        let error = bind(port).err().expect("the port is taken");
        assert!(
            error.message.contains(&format!("port {port}")),
            "{}",
            error.message
        );
        let hint = error.hint.expect("a suggestion");
        let free: u16 = hint
            .rsplit("--port ")
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no port in «{hint}»"));
        assert!(free > port);
        let server = bind(0).expect("any free port");
        let address = address(&server).expect("an address");
        assert!(address.ip().is_loopback(), "{address}");
    }
}
