//! `yishi-server`: the reference backend and its operator tools.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use yishi_contract::{
    AdvanceCase, DeliveryInfo, FollowUpAction, FollowUpStatus, HolidayCalendar, Stage,
    SupplementItem, Text,
};
use yishi_server::app::router;
use yishi_server::cases::{self, normalise_number, parse_enum};
use yishi_server::clock::Clock;
use yishi_server::config::{Config, DEV_OPERATOR_KEY, GeneratedCatalogue};
use yishi_server::env::{Env, check_calendar, load_calendar, store_calendar};
use yishi_server::state::open_state;
use yishi_server::{db, ratings};

#[derive(Parser)]
#[command(
    name = "yishi-server",
    version,
    about = "The Yishi (一事) reference backend"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (API under /api/v1 and the built app).
    Serve(ServeArgs),
    /// Move a case to another stage, as an office's back-office system would.
    Advance {
        #[arg(long)]
        db: PathBuf,
        /// The case number (办件编号), e.g. LJ10000102.
        #[arg(long = "case")]
        case_number: String,
        /// The stage to move to, e.g. under_review, supplement_required, approved.
        #[arg(long)]
        to: String,
        /// For supplement_required: one missing item (repeat for each).
        #[arg(long = "item")]
        items: Vec<String>,
        /// A note shown in the timeline.
        #[arg(long)]
        note: Option<String>,
        /// For delivered: where or how the result is handed over, e.g. "EMS 1180 2394 8817 6".
        #[arg(long)]
        delivery: Option<String>,
        /// For delivered: pickup, post or electronic.
        #[arg(long, default_value = "pickup")]
        delivery_method: String,
        /// Working days the applicant has to supply missing material.
        #[arg(long, default_value_t = 10)]
        supplement_days: u16,
    },
    /// Record the office's next step on a bad rating (差评整改).
    FollowUp {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        rating: String,
        /// verifying, rectifying, rectified, explained, appealed or closed.
        #[arg(long)]
        status: String,
        #[arg(long)]
        text: String,
    },
    /// Authorise a person (by mobile number) to act for a business (法人授权经办人). The person may
    /// then sign in for the business; the business is recorded under NAME.
    GrantAgent {
        #[arg(long)]
        db: PathBuf,
        /// The person's mobile number.
        #[arg(long)]
        phone: String,
        /// The business's unified social credit code (统一社会信用代码).
        #[arg(long)]
        credit_code: String,
        /// The business's registered name.
        #[arg(long)]
        name: String,
    },
    /// Withdraw a person's right to act for a business. Every session in which they act for it
    /// ends at once (their own sessions stay).
    RevokeAgent {
        #[arg(long)]
        db: PathBuf,
        /// The person's mobile number.
        #[arg(long)]
        phone: String,
        /// The business's unified social credit code.
        #[arg(long)]
        credit_code: String,
    },
    /// Add or correct holiday-calendar years from a JSON file (`{"years": [...]}`, the
    /// contract's HolidayCalendar). Restart the server afterwards.
    Calendar {
        #[arg(long)]
        db: PathBuf,
        #[arg(long)]
        file: PathBuf,
    },
    /// Write a generated catalogue index (the body of GET /api/v1/catalogue) as JSON, for
    /// search benchmarks. `serve --generated-catalogue` serves the same matters and events.
    GenerateCatalogue {
        /// How many matters (at least the seed catalogue's, which every one contains).
        #[arg(long)]
        matters: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the Content-Security-Policy this server sends with a built app, for a static host
    /// that serves `dist/` itself: the hash of each inline script in INDEX (Trunk's loader)
    /// changes with every build, so print it again after each one.
    Csp {
        /// The built app's index.html, e.g. dist/index.html.
        index: PathBuf,
        /// Another origin the app may call (a backend elsewhere); repeatable.
        #[arg(long = "connect-src")]
        connect_src: Vec<String>,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// 0 picks a free port (printed on start).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    #[arg(long, default_value = "./yishi.db")]
    db: PathBuf,
    /// The built app (Trunk's output).
    #[arg(long, default_value = "./dist")]
    dist: PathBuf,
    /// Development: one-time codes are printed to the log; operator key defaults to dev-operator-key.
    #[arg(long)]
    dev: bool,
    /// Enable /_test/otp and /_test/clock (only together with --dev; never in production).
    #[arg(long)]
    test_mode: bool,
    /// The key operator endpoints require in X-Operator-Key.
    #[arg(long, env = "YISHI_OPERATOR_KEY", hide_env_values = true)]
    operator_key: Option<String>,
    /// Working days an office has to rectify a bad rating.
    #[arg(long, default_value_t = 5)]
    rectification_days: u16,
    /// Working days an applicant has to supply missing material.
    #[arg(long, default_value_t = 10)]
    supplement_days: u16,
    /// Places in each appointment slot (预约名额).
    #[arg(long, default_value_t = 4)]
    slot_capacity: u32,
    /// Days, from today, in which appointments can be booked.
    #[arg(long, default_value_t = 14)]
    booking_window_days: u16,
    /// Minutes before its start up to which an appointment can be cancelled.
    #[arg(long, default_value_t = 60)]
    cancel_cutoff_minutes: u32,
    /// Allow this one origin to call the API from a browser (CORS), e.g. https://app.example.cn.
    #[arg(long)]
    cors_origin: Option<String>,
    /// Send Strict-Transport-Security (only when served over TLS, e.g. behind a proxy).
    #[arg(long)]
    hsts: bool,
    /// Another origin the app may call (added to the CSP connect-src); repeatable.
    #[arg(long = "connect-src")]
    connect_src: Vec<String>,
    // The limits below default to production values; with --test-mode (one server per
    // Playwright worker, the same demo people signing in test after test) they default to
    // generous ones. Give a flag explicitly to test a limit.
    /// Case lookups allowed per client address per minute [default: 10; test mode 1000].
    #[arg(long)]
    lookup_per_minute: Option<u32>,
    /// Seconds before another sign-in code may go to the same number [default: 60; test mode 1].
    #[arg(long)]
    code_resend_seconds: Option<u32>,
    /// Sign-in codes sent per phone number per day [default: 10; test mode 1000].
    #[arg(long)]
    codes_per_number_per_day: Option<u32>,
    /// Sign-in codes requested per client address per day [default: 50; test mode 10000].
    #[arg(long)]
    codes_per_client_per_day: Option<u32>,
    /// Feedback messages accepted per client address per hour [default: 30; test mode 1000].
    #[arg(long)]
    feedback_per_hour: Option<u32>,
    /// Scale tests: serve a generated catalogue of this many matters (about one life event per
    /// 50) instead of the seed catalogue; the seed's matters and events are part of it.
    #[arg(long, value_name = "MATTERS")]
    generated_catalogue: Option<usize>,
    /// The seed of --generated-catalogue.
    #[arg(long, default_value_t = 42)]
    catalogue_seed: u64,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Advance {
            db,
            case_number,
            to,
            items,
            note,
            delivery,
            delivery_method,
            supplement_days,
        } => {
            let delivery = delivery.map(|d| DeliveryInfo {
                method: parse_enum(&delivery_method),
                detail: Text::zh(d),
            });
            advance(
                db,
                &case_number,
                &to,
                items,
                note,
                delivery,
                supplement_days,
            )
        }
        Command::FollowUp {
            db,
            rating,
            status,
            text,
        } => follow_up(db, &rating, &status, &text),
        Command::GrantAgent {
            db,
            phone,
            credit_code,
            name,
        } => grant_agent(db, &phone, &credit_code, &name),
        Command::RevokeAgent {
            db,
            phone,
            credit_code,
        } => revoke_agent(db, &phone, &credit_code),
        Command::Calendar { db, file } => import_calendar(db, file),
        Command::GenerateCatalogue { matters, seed, out } => generate_catalogue(matters, seed, out),
        Command::Csp { index, connect_src } => print_csp(index, &connect_src),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("yishi-server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> Result<(), String> {
    if args.test_mode && !args.dev {
        return Err(
            "--test-mode is only allowed together with --dev (it must never run in production)"
                .into(),
        );
    }
    let operator_key = args
        .operator_key
        .filter(|k| !k.is_empty())
        .or_else(|| args.dev.then(|| DEV_OPERATOR_KEY.to_string()));
    if operator_key.is_none() {
        tracing::warn!(
            "no operator key (--operator-key or YISHI_OPERATOR_KEY): operator endpoints answer 403"
        );
    }
    let test_mode = args.test_mode;
    let limit = |given: Option<u32>, production: u32, testing: u32| {
        given
            .unwrap_or(if test_mode { testing } else { production })
            .max(1)
    };
    let config = Config {
        operator_key,
        dev: args.dev,
        test_mode: args.test_mode,
        rectification_days: args.rectification_days,
        supplement_days: args.supplement_days,
        dist: Some(args.dist.clone()),
        cors_origin: args.cors_origin,
        hsts: args.hsts,
        connect_src: args.connect_src,
        lookup_per_minute: limit(args.lookup_per_minute, 10, 1000),
        code_resend_seconds: i64::from(limit(args.code_resend_seconds, 60, 1)),
        codes_per_number_per_day: limit(args.codes_per_number_per_day, 10, 1000),
        codes_per_client_per_day: limit(args.codes_per_client_per_day, 50, 10_000),
        feedback_per_hour: limit(args.feedback_per_hour, 30, 1000),
        generated_catalogue: args.generated_catalogue.map(|matters| GeneratedCatalogue {
            matters,
            seed: args.catalogue_seed,
        }),
        slot_capacity: args.slot_capacity.max(1),
        booking_window_days: args.booking_window_days.clamp(1, 31),
        cancel_cutoff_minutes: args.cancel_cutoff_minutes,
    };
    let state = open_state(&args.db, config, Clock::system())?;
    if state.dist.is_none() {
        tracing::warn!(dist = %args.dist.display(), "no built app found; serving a page that says to build it");
    }
    if args.test_mode {
        tracing::warn!("TEST MODE: /_test/otp and /_test/clock are enabled");
    }
    let app = router(state);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
            .await
            .map_err(|e| format!("cannot listen on {}:{}: {e}", args.host, args.port))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let shown_host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        let shown_host = if shown_host.contains(':') {
            format!("[{shown_host}]")
        } else {
            shown_host
        };
        // One line for people, one for test harnesses.
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "Yishi is running at http://{shown_host}:{}/",
            addr.port()
        );
        let _ = writeln!(out, "YISHI_LISTENING port={}", addr.port());
        let _ = out.flush();
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

/// The environment of the operator commands: the calendar stored in the database file.
fn cli_env(conn: &rusqlite::Connection, supplement_days: u16) -> Result<Env, String> {
    let cal = load_calendar(conn).map_err(|e| format!("{e:?}"))?;
    Ok(Env {
        calendar: std::sync::Arc::new(yishi_core::workdays::Calendar::from_contract(&cal)),
        holiday_calendar: std::sync::Arc::new(cal),
        rectification_days: 5,
        supplement_days,
    })
}

fn open_existing(path: &std::path::Path) -> Result<rusqlite::Connection, String> {
    if !path.is_file() {
        return Err(format!(
            "{}: no such database (start the server once to create it)",
            path.display()
        ));
    }
    db::open(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn problem_text(e: yishi_server::error::ApiError) -> String {
    let p = e.problem;
    let fields: Vec<String> = p
        .errors
        .iter()
        .map(|f| format!("{} {}", f.pointer, f.code))
        .collect();
    format!(
        "{} ({}){}{}",
        p.title,
        p.code,
        p.detail.map(|d| format!(": {d}")).unwrap_or_default(),
        if fields.is_empty() {
            String::new()
        } else {
            format!(" [{}]", fields.join(", "))
        }
    )
}

fn advance(
    db: PathBuf,
    number: &str,
    to: &str,
    items: Vec<String>,
    note: Option<String>,
    delivery: Option<DeliveryInfo>,
    supplement_days: u16,
) -> Result<(), String> {
    let mut conn = open_existing(&db)?;
    let env = cli_env(&conn, supplement_days)?;
    let case = cases::load_case_by_number(&conn, &normalise_number(number))
        .map_err(problem_text)?
        .ok_or_else(|| format!("no case numbered {number}"))?;
    let to: Stage = parse_enum(to);
    let req = AdvanceCase {
        to,
        note: note.map(Text::zh),
        supplement_items: items
            .into_iter()
            .map(|name| SupplementItem {
                id: String::new(),
                material_id: None,
                name: Text::zh(name),
                note: None,
                received: false,
            })
            .collect(),
        delivery,
    };
    let now = Clock::system().now();
    let row = cases::advance(&mut conn, &env, &case.id, &req, now).map_err(problem_text)?;
    let view = cases::full_case(&conn, &env, &row, now.china_date()).map_err(problem_text)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&view).map_err(|e| e.to_string())?
    );
    Ok(())
}

fn follow_up(db: PathBuf, rating: &str, status: &str, text: &str) -> Result<(), String> {
    let mut conn = open_existing(&db)?;
    let status: FollowUpStatus = parse_enum(status);
    let action = FollowUpAction {
        status,
        text: Text::zh(text),
    };
    let view = ratings::add_follow_up(&mut conn, rating, &action, Clock::system().now())
        .map_err(problem_text)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&view).map_err(|e| e.to_string())?
    );
    Ok(())
}

fn grant_agent(db: PathBuf, phone: &str, credit_code: &str, name: &str) -> Result<(), String> {
    let mut conn = open_existing(&db)?;
    yishi_server::auth::grant_agent(&mut conn, phone.trim(), credit_code, name)
        .map_err(problem_text)?;
    println!(
        "{} may now act for {} ({name})",
        yishi_core::validate::mask_phone(phone.trim()),
        credit_code.trim().to_ascii_uppercase()
    );
    Ok(())
}

fn revoke_agent(db: PathBuf, phone: &str, credit_code: &str) -> Result<(), String> {
    let mut conn = open_existing(&db)?;
    let phone = phone.trim();
    let cc = credit_code.trim().to_ascii_uppercase();
    match yishi_server::auth::revoke_agent(&mut conn, phone, &cc).map_err(problem_text)? {
        Some(ended) => {
            println!(
                "{} may no longer act for {cc}; {ended} session(s) ended",
                yishi_core::validate::mask_phone(phone)
            );
            Ok(())
        }
        None => Err(format!(
            "{} was not authorised to act for {cc}",
            yishi_core::validate::mask_phone(phone)
        )),
    }
}

fn import_calendar(db: PathBuf, file: PathBuf) -> Result<(), String> {
    let conn = open_existing(&db)?;
    let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let cal: HolidayCalendar =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let problems = check_calendar(&cal);
    if !problems.is_empty() {
        return Err(format!("{}:\n  {}", file.display(), problems.join("\n  ")));
    }
    let n = store_calendar(&conn, &cal, true).map_err(problem_text)?;
    let years: Vec<String> = cal.years.iter().map(|y| y.year.to_string()).collect();
    println!(
        "stored {n} calendar year(s): {}; restart the server to use them",
        years.join(", ")
    );
    Ok(())
}

fn generate_catalogue(matters: usize, seed: u64, out: PathBuf) -> Result<(), String> {
    let started = std::time::Instant::now();
    let g = yishi_catgen::generate(matters, seed);
    let took = started.elapsed();
    let json = serde_json::to_vec(&g.index).map_err(|e| e.to_string())?;
    std::fs::write(&out, &json).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "wrote {} matters, {} events, {} departments, {} bytes to {} (generated in {} ms)",
        g.index.matters.len(),
        g.index.events.len(),
        g.index.departments.len(),
        json.len(),
        out.display(),
        took.as_millis()
    );
    Ok(())
}

fn print_csp(index: PathBuf, connect_src: &[String]) -> Result<(), String> {
    let html = std::fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let hashes = yishi_server::csp::inline_script_hashes(&html);
    println!(
        "{}",
        yishi_server::csp::content_security_policy(&hashes, connect_src)
    );
    Ok(())
}
