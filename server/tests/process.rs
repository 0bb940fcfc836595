//! The real binary: listening on port 0, the machine-readable start line, a request over a
//! real socket, and the operator commands on the same database file.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_yishi-server");

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A minimal HTTP/1.1 exchange; returns the status code and the raw response.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

fn start(db: &std::path::Path, extra: &[&str]) -> (Server, u16) {
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--db"])
        .arg(db)
        .args(["--dist", "/nonexistent"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut port = None;
    let mut saw_url = false;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.starts_with("Yishi is running at http://127.0.0.1:") {
            saw_url = true;
        }
        if let Some(p) = line.strip_prefix("YISHI_LISTENING port=") {
            port = Some(p.trim().parse().unwrap());
            break;
        }
    }
    assert!(saw_url, "the human-readable URL line comes first");
    let port: u16 = port.expect("YISHI_LISTENING line");
    assert_ne!(port, 0);
    (server, port)
}

const RESTAURANT: &str = "91371102MA3LW8DQ51";

#[test]
fn serves_on_a_free_port_and_shares_the_database_with_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("yishi.db");
    let (server, port) = start(&db, &["--dev", "--test-mode"]);

    let (status, res) = http(port, "GET", "/api/v1/health", &[], "");
    assert_eq!(status, 200, "{res}");
    assert!(res.contains("\"status\":\"ok\""));
    // The dev operator key works.
    let (status, res) = http(
        port,
        "POST",
        "/api/v1/operator/cases/case-lj10000102/advance",
        &[
            ("Content-Type", "application/json"),
            ("X-Operator-Key", "dev-operator-key"),
        ],
        r#"{"to": "under_review"}"#,
    );
    assert_eq!(status, 200, "{res}");
    drop(server);

    // The operator command moves the same case on.
    let out = Command::new(BIN)
        .args(["advance", "--db"])
        .arg(&db)
        .args([
            "--case",
            "LJ10000102",
            "--to",
            "approved",
            "--note",
            "准予许可",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let case: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["stage"], "approved");
    // An illegal one fails with the problem's code.
    let out = Command::new(BIN)
        .args(["advance", "--db"])
        .arg(&db)
        .args(["--case", "LJ10000102", "--to", "received"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("illegal_transition"));
    // Supplement needs items.
    let out = Command::new(BIN)
        .args(["advance", "--db"])
        .arg(&db)
        .args([
            "--case",
            "LJ10000101",
            "--to",
            "supplement_required",
            "--item",
            "居民身份证复印件",
            "--item",
            "户口簿",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let case: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(case["supplement"]["items"].as_array().unwrap().len(), 2);

    // Delivery needs its details.
    let out = Command::new(BIN)
        .args(["advance", "--db"])
        .arg(&db)
        .args(["--case", "LJ10000102", "--to", "delivered"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/delivery"));
    let out = Command::new(BIN)
        .args(["advance", "--db"])
        .arg(&db)
        .args([
            "--case",
            "LJ10000102",
            "--to",
            "delivered",
            "--delivery-method",
            "post",
            "--delivery",
            "EMS 1180 2394 8817 6",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The office's follow-up of a bad rating from the command line: the demo rating has been
    // rectified, so only the rater's call-back can move it now.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let rating: String = conn
        .query_row("SELECT id FROM ratings LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let out = Command::new(BIN)
        .args(["follow-up", "--db"])
        .arg(&db)
        .args([
            "--rating",
            &rating,
            "--status",
            "explained",
            "--text",
            "已说明",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("conflict"));
    let out = Command::new(BIN)
        .args(["follow-up", "--db"])
        .arg(&db)
        .args(["--rating", &rating, "--status", "closed", "--text", "办结"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("validation"),
        "closed is the call-back's alone"
    );

    // Restarting on the same file keeps the change (looked up with the case's query code).
    let code: String = conn
        .query_row(
            "SELECT query_code FROM cases WHERE number = 'LJ10000102'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (_server, port) = start(&db, &["--dev"]);
    let (status, res) = http(
        port,
        "POST",
        "/api/v1/cases/lookup",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"number": "LJ10000102", "query_code": "{code}"}}"#),
    );
    assert_eq!(status, 200, "{res}");
    assert!(res.contains("\"stage\":\"delivered\""));
    // Without --test-mode there is no test API.
    let (status, _) = http(port, "GET", "/_test/otp?phone=13800000001", &[], "");
    assert_eq!(status, 404);
}

/// The operator's way to withdraw a person's right to act for a business: the right goes, and
/// so do the sessions in which they act for it; their own session stays.
#[test]
fn revoke_agent_ends_the_business_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("yishi.db");
    let (server, _port) = start(&db, &["--dev"]);
    drop(server);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let wang: String = conn
        .query_row(
            "SELECT id FROM people WHERE phone = '13800000003'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for (hash, acting_for) in [
        ("own", None),
        ("biz-1", Some(RESTAURANT)),
        ("biz-2", Some(RESTAURANT)),
    ] {
        conn.execute(
            "INSERT INTO sessions (token_hash, person_id, acting_for, created_at, expires_at)
             VALUES (?1, ?2, ?3, 0, 9999999999)",
            rusqlite::params![hash, wang, acting_for],
        )
        .unwrap();
    }
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let out = run(&[
        "revoke-agent",
        "--phone",
        "13800000003",
        "--credit-code",
        RESTAURANT,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("2 session(s) ended"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let left: Vec<String> = conn
        .prepare("SELECT token_hash FROM sessions WHERE person_id = ?1")
        .unwrap()
        .query_map([&wang], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(left, ["own"]);
    // Twice: nothing left to revoke, and it says so.
    let out = run(&[
        "revoke-agent",
        "--phone",
        "13800000003",
        "--credit-code",
        RESTAURANT,
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not authorised"));
    // Granting it back (an invalid credit code is refused).
    let out = run(&[
        "grant-agent",
        "--phone",
        "13800000003",
        "--credit-code",
        "123",
        "--name",
        "x",
    ]);
    assert!(!out.status.success());
    let out = run(&[
        "grant-agent",
        "--phone",
        "13800000003",
        "--credit-code",
        RESTAURANT,
        "--name",
        "临江市味道餐饮管理有限公司",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM business_agents WHERE person_id = ?1",
            [&wang],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn test_mode_needs_dev() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--port", "0", "--test-mode", "--db"])
        .arg(dir.path().join("x.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--test-mode"));
}

#[test]
fn calendar_import_checks_and_stores_years() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("yishi.db");
    // Create the database.
    yishi_server::db::open(&db).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"years": [{"year": 2027, "holidays": ["2027-01-02"], "makeup_workdays": [], "source": {"zh-CN": "测试"}}]}"#).unwrap();
    let out = Command::new(BIN)
        .args(["calendar", "--db"])
        .arg(&db)
        .arg("--file")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "2027-01-02 is a Saturday and cannot be a listed holiday"
    );
    let good = dir.path().join("good.json");
    std::fs::write(&good, r#"{"years": [{"year": 2027, "holidays": ["2027-01-01"], "makeup_workdays": [], "source": {"zh-CN": "测试通知"}}]}"#).unwrap();
    let out = Command::new(BIN)
        .args(["calendar", "--db"])
        .arg(&db)
        .arg("--file")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM calendar_years WHERE year = 2027",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}
