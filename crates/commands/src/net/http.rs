//! What servers answer to an HTTP request, and what they log: nginx 1.29's
//! welcome page (the 615-byte `index.html` of the nginx.org packages) and
//! access log, Apache's "It works!", Python 3.13's `http.server` directory
//! listing of `/` and its stderr log, traefik/whoami's echo, and a couple of
//! internet sites. Services that do not speak HTTP (redis, postgres, nc,
//! DNS) give no HTTP answer at all.

use bridgeport_engine::model::Container;
use bridgeport_engine::net::{Server, Service};
use bridgeport_engine::program::Http;
use bridgeport_engine::{time, Engine, Timestamp};
use std::fmt::Write as _;

pub const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href=\"http://nginx.org/\">nginx.org</a>.<br/>\nCommercial support is available at\n<a href=\"http://nginx.com/\">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n";

/// nginx's built-in error page: CRLF line ends (`ngx_http_special_response.c`),
/// 153 bytes with "nginx/1.29.1".
fn nginx_404(server: &str) -> String {
    format!("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>{server}</center>\r\n</body>\r\n</html>\r\n")
}

/// The version the answering container's `repo` image tag stands for
/// (nginx:1.27 answers as nginx/1.27.5), else `default`.
fn version_of(engine: &Engine, server: &Server, repo: &str, default: &str) -> String {
    server_container(engine, server)
        .filter(|c| c.image.repo == repo)
        .map(|c| c.image.version())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_string())
}

const HTTPD_INDEX: &str = "<html><body><h1>It works!</h1></body></html>\n";

const GOOGLE_301: &str = "<HTML><HEAD><meta http-equiv=\"content-type\" content=\"text/html;charset=utf-8\">\n<TITLE>301 Moved</TITLE></HEAD><BODY>\n<H1>301 Moved</H1>\nThe document has moved\n<A HREF=\"http://www.google.com/\">here</A>.\r\n</BODY></HTML>\r\n";

/// The root of a Debian-based python image, as `ls -a /` lists it (merged /usr).
const PY_ROOT: &[(&str, &str)] = &[
    (".dockerenv", ""),
    ("bin", "@/"),
    ("boot", "/"),
    ("dev", "/"),
    ("etc", "/"),
    ("home", "/"),
    ("lib", "@/"),
    ("lib64", "@/"),
    ("media", "/"),
    ("mnt", "/"),
    ("opt", "/"),
    ("proc", "/"),
    ("root", "/"),
    ("run", "/"),
    ("sbin", "@/"),
    ("srv", "/"),
    ("sys", "/"),
    ("tmp", "/"),
    ("usr", "/"),
    ("var", "/"),
];

/// An HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub version: &'static str,
    pub status: u16,
    pub reason: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Response {
    pub fn status_line(&self) -> String {
        format!("{} {} {}", self.version, self.status, self.reason)
    }

    /// Status line and headers, as `curl -I` prints them (LF line ends).
    pub fn head(&self) -> String {
        let mut s = self.status_line();
        s.push('\n');
        for (k, v) in &self.headers {
            let _ = writeln!(s, "{k}: {v}");
        }
        s.push('\n');
        s
    }
}

/// RFC 7231 date, as servers send it.
pub fn http_date(t: Timestamp) -> String {
    let secs = t.0 / 1000;
    let days = (secs / 86_400) as i64;
    let dow = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days.rem_euclid(7)) as usize];
    // nginx_access gives "27/Nov/2026:17:08:12 +0000".
    let a = time::nginx_access(t);
    let (date, rest) = a.split_once(':').unwrap_or((&a, ""));
    let mut parts = date.split('/');
    let (d, m, y) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let hms = rest.split_whitespace().next().unwrap_or("00:00:00");
    format!("{dow}, {d} {m} {y} {hms} GMT")
}

/// The container that answered, if any.
pub fn server_container<'a>(engine: &'a Engine, server: &Server) -> Option<&'a Container> {
    server
        .container_id
        .as_deref()
        .and_then(|id| engine.container_by_id(id))
}

fn listing() -> String {
    let mut s = String::from("<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Directory listing for /</title>\n</head>\n<body>\n<h1>Directory listing for /</h1>\n<hr>\n<ul>\n");
    for (name, kind) in PY_ROOT {
        let (href, shown) = match *kind {
            "/" => (format!("{name}/"), format!("{name}/")),
            "@/" => (format!("{name}/"), format!("{name}@")),
            _ => (name.to_string(), name.to_string()),
        };
        let _ = writeln!(s, "<li><a href=\"{href}\">{shown}</a></li>");
    }
    s.push_str("</ul>\n<hr>\n</body>\n</html>\n");
    s
}

/// busybox httpd's error page (`networking/httpd.c` send_headers: the
/// status twice, then the info string).
fn busybox_error(status: u16, reason: &str, info: &str) -> String {
    format!("<HTML><HEAD><TITLE>{status} {reason}</TITLE></HEAD>\n<BODY><H1>{status} {reason}</H1>\n{info}\n</BODY></HTML>\n")
}

/// The file busybox httpd serves for `path`: under `-h DIR` (default the
/// working directory, `/`), `index.html` for a directory; files are what
/// the container's shells wrote (a fresh image's web root is empty).
fn busybox_file(
    engine: &Engine,
    files: &crate::shell::Files,
    server: &Server,
    path: &str,
) -> Option<String> {
    let c = server_container(engine, server)?;
    let argv = bridgeport_engine::process::effective_argv(&c.argv(), &c.image);
    let mut words = argv.clone();
    if argv.get(1).map(String::as_str) == Some("-c") {
        if let Some(cmd) =
            bridgeport_engine::process::script_commands(argv.get(2).map_or("", String::as_str))
                .into_iter()
                .find(|(w, _)| {
                    w.first()
                        .is_some_and(|p| p.rsplit('/').next() == Some("httpd"))
                })
        {
            words = cmd.0;
        }
    }
    let home = words
        .iter()
        .position(|w| w == "-h")
        .and_then(|i| words.get(i + 1))
        .map_or("/", String::as_str)
        .to_string();
    let path = path.split('?').next().unwrap_or("/");
    let mut full = crate::shell::absolute(&home, path.trim_start_matches('/'));
    if path.ends_with('/') {
        full = crate::shell::absolute(&full, "index.html");
    }
    files.read(&c.id, &full).map(str::to_string)
}

/// The server's answer to `method path`, or None when it does not speak HTTP.
// Each argument is one part of the request or of the host it reaches.
#[allow(clippy::too_many_arguments)]
pub fn respond(
    engine: &Engine,
    files: &crate::shell::Files,
    server: &Server,
    method: &str,
    path: &str,
    host: &str,
    user_agent: &str,
    now: Timestamp,
) -> Option<Response> {
    let date = http_date(now);
    let head = method == "HEAD";
    let make = |version, status, reason, mut headers: Vec<(&'static str, String)>, body: String| {
        headers.iter_mut().for_each(|_| {});
        Response {
            version,
            status,
            reason,
            headers,
            body: if head { String::new() } else { body },
        }
    };
    match server.service {
        Service::NGINX => {
            let ok = path == "/" || path == "/index.html";
            let server_header = format!("nginx/{}", version_of(engine, server, "nginx", "1.29.1"));
            let body = if ok {
                NGINX_INDEX.to_string()
            } else {
                nginx_404(&server_header)
            };
            let mut h = vec![
                ("Server", server_header),
                ("Date", date),
                ("Content-Type", "text/html".to_string()),
                ("Content-Length", body.len().to_string()),
            ];
            if ok {
                h.push(("Last-Modified", "Wed, 13 Aug 2025 15:10:23 GMT".to_string()));
                h.push(("Connection", "keep-alive".to_string()));
                h.push(("ETag", format!("\"689ca9ff-{:x}\"", body.len())));
                h.push(("Accept-Ranges", "bytes".to_string()));
            } else {
                h.push(("Connection", "keep-alive".to_string()));
            }
            Some(if ok {
                make("HTTP/1.1", 200, "OK", h, body.to_string())
            } else {
                make("HTTP/1.1", 404, "Not Found", h, body.to_string())
            })
        }
        Service::HTTPD => {
            let ok = path == "/" || path == "/index.html";
            let body = if ok {
                HTTPD_INDEX.to_string()
            } else {
                "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n".to_string()
            };
            let mut h = vec![
                ("Date", date),
                ("Server", "Apache/2.4.65 (Unix)".to_string()),
            ];
            if ok {
                h.push(("Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT".to_string()));
                h.push(("ETag", "\"2d-432a5e4a73a80\"".to_string()));
                h.push(("Accept-Ranges", "bytes".to_string()));
            }
            h.push(("Content-Length", body.len().to_string()));
            h.push((
                "Content-Type",
                if ok {
                    "text/html"
                } else {
                    "text/html; charset=iso-8859-1"
                }
                .to_string(),
            ));
            Some(if ok {
                make("HTTP/1.1", 200, "OK", h, body)
            } else {
                make("HTTP/1.1", 404, "Not Found", h, body)
            })
        }
        Service::BUSYBOX_HTTPD => {
            let mut h = vec![("Content-type", "text/html".to_string()), ("Date", date)];
            match busybox_file(engine, files, server, path) {
                Some(body) => {
                    h.push(("Connection", "close".to_string()));
                    h.push(("Accept-Ranges", "bytes".to_string()));
                    h.push(("Content-Length", body.len().to_string()));
                    Some(make("HTTP/1.1", 200, "OK", h, body))
                }
                None => {
                    h.push(("Connection", "close".to_string()));
                    let body = busybox_error(404, "Not Found", "The requested URL was not found");
                    Some(make("HTTP/1.1", 404, "Not Found", h, body))
                }
            }
        }
        Service::PYTHON_HTTP => {
            let ok = path == "/";
            let body = if ok {
                listing()
            } else {
                "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n        <meta charset=\"utf-8\">\n        <title>Error response</title>\n    </head>\n    <body>\n        <h1>Error response</h1>\n        <p>Error code: 404</p>\n        <p>Message: File not found.</p>\n        <p>Error code explanation: 404 - Nothing matches the given URI.</p>\n    </body>\n</html>\n".to_string()
            };
            let mut h = vec![
                (
                    "Server",
                    format!(
                        "SimpleHTTP/0.6 Python/{}",
                        version_of(engine, server, "python", "3.13.7")
                    ),
                ),
                ("Date", date),
            ];
            if ok {
                h.push(("Content-type", "text/html; charset=utf-8".to_string()));
                h.push(("Content-Length", body.len().to_string()));
            } else {
                h.push(("Connection", "close".to_string()));
                h.push(("Content-Type", "text/html;charset=utf-8".to_string()));
                h.push(("Content-Length", body.len().to_string()));
            }
            Some(if ok {
                make("HTTP/1.0", 200, "OK", h, body)
            } else {
                make("HTTP/1.0", 404, "File not found", h, body)
            })
        }
        Service::WHOAMI => {
            let c = server_container(engine, server);
            let hostname = c
                .map(|c| c.hostname(&engine.host.hostname))
                .unwrap_or_default();
            let mut body = format!("Hostname: {hostname}\nIP: 127.0.0.1\n");
            if let Some(c) = c {
                for ep in &c.endpoints {
                    let _ = writeln!(body, "IP: {}", ep.ip);
                }
            }
            let _ = write!(body, "RemoteAddr: {}\n{method} {path} HTTP/1.1\nHost: {host}\nUser-Agent: {user_agent}\nAccept: */*\n\n", server.peer);
            let h = vec![
                ("Date", date),
                ("Content-Length", body.len().to_string()),
                ("Content-Type", "text/plain; charset=utf-8".to_string()),
            ];
            Some(make("HTTP/1.1", 200, "OK", h, body))
        }
        Service::WEB_SITE => {
            let site = server
                .host_name
                .clone()
                .unwrap_or_else(|| server.local.ip().to_string());
            if site.ends_with("google.com") && !site.starts_with("www.") {
                let h = vec![
                    ("Location", "http://www.google.com/".to_string()),
                    ("Content-Type", "text/html; charset=UTF-8".to_string()),
                    ("Date", date),
                    ("Server", "gws".to_string()),
                    ("Content-Length", GOOGLE_301.len().to_string()),
                ];
                return Some(make(
                    "HTTP/1.1",
                    301,
                    "Moved Permanently",
                    h,
                    GOOGLE_301.to_string(),
                ));
            }
            let body = format!("<!doctype html>\n<html>\n<head><title>{site}</title></head>\n<body><h1>{site}</h1><p>A page on the simulated internet.</p></body>\n</html>\n");
            let h = vec![
                ("Content-Type", "text/html".to_string()),
                ("Date", date),
                ("Content-Length", body.len().to_string()),
            ];
            Some(make("HTTP/1.1", 200, "OK", h, body))
        }
        _ => generic(server.service, path, date, &make),
    }
}

/// The `[bridgeport]` line for a server that speaks HTTP but whose answer
/// the playground does not write (Apache with PHP, caddy, …).
pub fn not_simulated(server: &Server) -> Option<String> {
    matches!(
        server.service.program().http,
        Http::Unsimulated | Http::Redirect(_)
    )
    .then(|| {
        format!(
            "[bridgeport] {} accepted the connection on {}; what it answers over HTTP is not simulated",
            server.service.label(),
            server.local
        )
    })
}

/// What mongod writes back to an HTTP request on its driver port
/// (mongo's `transport/message_compressor`-era check: `looksLikeHTTP`).
const MONGO_HTTP: &str =
    "It looks like you are trying to access MongoDB over HTTP on the native driver port.\r\n";

/// How [`generic`] builds a response: status text, code, reason, headers, body.
type MakeResponse<'a> =
    dyn Fn(&'static str, u16, &'static str, Vec<(&'static str, String)>, String) -> Response + 'a;

/// Answers written from the program table's [`Http`] kind: Go's
/// `http.NotFound` and `http.Redirect` (net/http `server.go`: handler
/// headers sorted, then Date and Content-Length), and mongod's notice.
fn generic(
    service: Service,
    path: &str,
    date: String,
    make: &MakeResponse<'_>,
) -> Option<Response> {
    let h = |k: &'static str, v: &str| (k, v.to_string());
    match service.program().http {
        Http::NotFound => {
            let body = "404 page not found\n".to_string();
            let headers = vec![
                h("Content-Type", "text/plain; charset=utf-8"),
                h("X-Content-Type-Options", "nosniff"),
                h("Date", &date),
                h("Content-Length", &body.len().to_string()),
            ];
            Some(make("HTTP/1.1", 404, "Not Found", headers, body))
        }
        Http::Redirect(to) if path == "/" => {
            let body = format!("<a href=\"{to}\">Found</a>.\n\n");
            let headers = vec![
                h("Content-Type", "text/html; charset=utf-8"),
                h("Location", to),
                h("Date", &date),
                h("Content-Length", &body.len().to_string()),
            ];
            Some(make("HTTP/1.1", 302, "Found", headers, body))
        }
        Http::Answers if service.key() == "mongo" => {
            let headers = vec![
                h("Connection", "close"),
                h("Content-Type", "text/plain"),
                h("Content-Length", &MONGO_HTTP.len().to_string()),
            ];
            Some(make("HTTP/1.0", 200, "OK", headers, MONGO_HTTP.to_string()))
        }
        _ => None,
    }
}

/// Writes the server's log line for a request it answered (nginx access log
/// on stdout, python http.server and httpd lines).
pub fn log_request(
    engine: &mut Engine,
    server: &Server,
    method: &str,
    path: &str,
    resp: &Response,
    user_agent: &str,
    now: Timestamp,
) {
    let Some(id) = server.container_id.clone() else {
        return;
    };
    let peer = server.peer.ip().to_string();
    let bytes = if method == "HEAD" { 0 } else { resp.body.len() };
    let bytes = if bytes == 0 && method == "HEAD" {
        0
    } else {
        bytes
    };
    match server.service {
        Service::NGINX => {
            let line = format!("{peer} - - [{}] \"{method} {path} HTTP/1.1\" {} {bytes} \"-\" \"{user_agent}\" \"-\"", time::nginx_access(now), resp.status);
            engine.log(&id, false, line);
        }
        Service::HTTPD => {
            let b = if bytes == 0 {
                "-".to_string()
            } else {
                bytes.to_string()
            };
            let line = format!(
                "{peer} - - [{}] \"{method} {path} HTTP/1.1\" {} {b}",
                time::nginx_access(now),
                resp.status
            );
            engine.log(&id, false, line);
        }
        Service::PYTHON_HTTP => {
            let ts = time::nginx_access(now);
            let ts = ts.split(' ').next().unwrap_or("").replacen(':', " ", 1);
            if resp.status == 404 {
                engine.log(
                    &id,
                    true,
                    format!("{peer} - - [{ts}] code 404, message File not found"),
                );
            }
            engine.log(
                &id,
                true,
                format!(
                    "{peer} - - [{ts}] \"{method} {path} HTTP/1.1\" {} -",
                    resp.status
                ),
            );
        }
        _ => {}
    }
}
