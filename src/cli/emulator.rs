//! `nstba emulator [--listen ADDR] [--scenario NAME] [--flow-errors generic|specific]
//! [--realm strict|lenient] [--shape NAME]…`: runs the built-in NetSuite stand-in in the
//! foreground, prints how to point nstba (or any client) at it, and stops cleanly on Ctrl-C.
//! The defaults are the least informative answers (see the emulator's fidelity principle).

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};

use nstba::emulator::{
    AccountSpec, AuditEntry, Emulator, EmulatorConfig, EmulatorOptions, FlowErrors, Scenario,
    Shapes, demo,
};
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};

use super::CliError;

/// The warning for a `--listen` address other machines can reach.
fn listen_warning(listen: SocketAddr) -> Option<String> {
    (!listen.ip().is_loopback()).then(|| {
        format!(
            "nstba: warning: --listen {listen} is not a loopback address: other machines can reach \
             the emulator, read its demo credentials' signed traffic in cleartext and mint tokens \
             from it; use 127.0.0.1 unless that is what you want"
        )
    })
}

/// Parses `--listen`: `IP:PORT` (`127.0.0.1:8080`, `[::1]:8080`) or a bare port.
fn parse_listen(raw: Option<&str>) -> Result<SocketAddr, CliError> {
    let Some(raw) = raw else {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
    };
    let t = raw.trim();
    if let Ok(port) = t.parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    t.parse::<SocketAddr>().map_err(|_| {
        CliError::usage(format!(
            "--listen {raw:?} is not an address; expected IP:PORT such as 127.0.0.1:8080 (port 0 lets the system choose) or just a port"
        ))
    })
}

fn parse_scenario(name: &str) -> Result<Scenario, CliError> {
    Scenario::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Scenario::every().map(|s| s.name()).collect();
        CliError::usage(format!(
            "--scenario {name:?} is not a scenario; valid names: {}",
            names.join(", ")
        ))
    })
}

/// `--flow-errors`, `--realm` and `--shape` → options.
fn parse_options(args: &super::EmulatorArgs) -> Result<EmulatorOptions, CliError> {
    let flow_errors = FlowErrors::from_name(&args.flow_errors).ok_or_else(|| {
        CliError::usage(format!(
            "--flow-errors {:?}: expected generic or specific",
            args.flow_errors
        ))
    })?;
    let strict_realm = match args.realm.trim().to_ascii_lowercase().as_str() {
        "strict" => true,
        "lenient" => false,
        _ => {
            return Err(CliError::usage(format!(
                "--realm {:?}: expected strict or lenient",
                args.realm
            )));
        }
    };
    let mut shapes = Shapes::default();
    for name in &args.shape {
        if !shapes.enable(name) {
            return Err(CliError::usage(format!(
                "--shape {name:?} is not a shape; valid names: {}",
                Shapes::NAMES.join(", ")
            )));
        }
    }
    Ok(EmulatorOptions {
        flow_errors,
        strict_realm,
        shapes,
        latency: args.latency_ms.map(std::time::Duration::from_millis),
        ..EmulatorOptions::default()
    })
}

/// The banner: where it listens, what it plays, and how to use it.
fn banner(emulator: &Emulator, options: &EmulatorOptions) -> String {
    let base = emulator.base_url();
    let scenario = emulator.scenario();
    let creds = demo::credentials();
    let mut out = String::new();
    out.push_str(&format!("nstba NetSuite emulator listening on {base}\n\n"));
    out.push_str(&format!(
        "Scenario: {} — {}\n\nScenarios (switch live with: curl -X PUT {base}/__nstba/scenario/NAME):\n",
        scenario.name(),
        scenario.description()
    ));
    for s in &Scenario::every().collect::<Vec<_>>() {
        let mark = if *s == scenario { '*' } else { ' ' };
        out.push_str(&format!("  {mark} {:<26} {}\n", s.name(), s.description()));
    }
    out.push_str(&format!(
        "\nAnswers: flow errors {}, realm {} (change with --flow-errors, --realm, --shape NAME: {})\n",
        match options.flow_errors {
            FlowErrors::Generic => "generic",
            FlowErrors::Specific => "specific",
        },
        if options.strict_realm { "strict" } else { "lenient" },
        Shapes::NAMES.join(", ")
    ));
    out.push_str("\nDemo credentials (fake values that only this emulator accepts):\n");
    out.push_str(&format!("export {ACCOUNT_ENV}={}\n", demo::ACCOUNT));
    for ((_, var), value) in FIELDS.iter().zip(creds.fields()) {
        out.push_str(&format!("export {var}={}\n", value.expose()));
    }
    out.push_str(&format!(
        "\nThen run:\nnstba test --base-url {base} --api rest,restlet,soap\n\n\
         New token by the three-step flow (the consent page has Allow/Deny):\n\
         nstba token request --base-url {base} --print-secret\n\n\
         Legacy: a token from email, password and role (/rest/issuetoken; role 1003 requires 2FA,\n\
         TOTP secret {totp} in base32):\n\
         NETSUITE_PASSWORD={password} nstba token issue --base-url {base} \\\n  \
         --email integration@example.com --role 1002 --print-secret\n\n\
         Login Audit Trail (why each request failed): curl {base}/__nstba/audit-trail\n\
         Each request is logged below (time, interface, status, path, Detail).\n\
         Press Ctrl-C to stop.\n",
        totp = nstba::emulator::issuetoken::DEMO_TOTP_BASE32,
        password = nstba::emulator::issuetoken::DEMO_PASSWORD,
    ));
    out
}

/// The M2M demo client: client id, certificate id and the demo key (written to a 0600 file in
/// the temporary directory, so `NETSUITE_PRIVATE_KEY_FILE` can name it).
fn m2m_banner(base: &str) -> String {
    use nstba::emulator::oauth2::{DEMO_CERTIFICATE_ID, demo_private_key};
    use nstba::netsuite::oauth2::credentials::{
        CERTIFICATE_ID_ENV, CLIENT_ID_ENV, PRIVATE_KEY_FILE_ENV,
    };
    let path = std::env::temp_dir().join("nstba-emulator-demo-m2m-key.pem");
    let written = write_private(&path, demo_private_key().expose());
    let key_line = match written {
        Ok(()) => format!("export {PRIVATE_KEY_FILE_ENV}={}\n", path.display()),
        Err(e) => format!(
            "# could not write the demo key to {} ({e}); it is src/emulator/oauth2/demo_key.pem in the repository\n",
            path.display()
        ),
    };
    format!(
        "\nOAuth 2.0 client credentials (M2M) demo client (EC P-256 demo key, fake, published on purpose; \
         the m2m-* scenarios break it one way each):\n\
         unset NETSUITE_CONSUMER_KEY NETSUITE_CONSUMER_SECRET NETSUITE_TOKEN_ID NETSUITE_TOKEN_SECRET\n\
         export {CLIENT_ID_ENV}={}\nexport {CERTIFICATE_ID_ENV}={DEMO_CERTIFICATE_ID}\n{key_line}\
         nstba test --auth m2m --base-url {base} --api rest,restlet\n",
        demo::credentials().consumer_key.expose()
    )
}

/// Writes `text` to `path` with mode 0600 (replacing an older copy).
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        o.mode(0o600);
    }
    o.open(path)?.write_all(text.as_bytes())
}

/// One request as the emulator window logs it: time (the emulated clock, UTC), interface,
/// status, path and the Login Audit Trail Detail (or `ok`). The path has no query and no header
/// is shown, so no credential or signature reaches the log.
pub fn request_line(e: &AuditEntry) -> String {
    let t = i64::try_from(e.unix_time)
        .ok()
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .map(|t| format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second()))
        .unwrap_or_else(|| e.unix_time.to_string());
    let outcome = match (&e.detail, e.success) {
        (Some(d), _) => d.clone(),
        (None, true) => "ok".to_string(),
        (None, false) => "refused".to_string(),
    };
    let note = e
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!(
        "{t} {:<7} {} {} {outcome}{note}",
        e.interface, e.status, e.path
    )
}

/// Prints one line per authenticated request as the audit trail grows (polled: the emulator's
/// core stays free of any output; lookups and the `__nstba` controls are not in the trail), until
/// Ctrl-C.
async fn log_requests_until_ctrl_c(
    emulator: &Emulator,
    accounts: &[AccountSpec],
) -> Result<(), CliError> {
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let mut seen = Vec::new();
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
    loop {
        tokio::select! {
            r = &mut ctrl_c => {
                return r.map_err(|e| CliError::internal(format!("cannot wait for Ctrl-C: {e}")));
            }
            _ = tick.tick() => {
                let trails = emulator.audit_trails();
                seen.resize(trails.len(), 0);
                for (i, trail) in trails.iter().enumerate() {
                    // The trail drops its oldest entries once full: then go on from its end.
                    let from = seen[i].min(trail.len());
                    let who = accounts.get(i).map(|a| format!("{} ", a.account.realm()));
                    for e in &trail[from..] {
                        err!("{}{}", who.as_deref().unwrap_or(""), request_line(e));
                    }
                    seen[i] = trail.len();
                }
            }
        }
    }
}

/// `--account ID[=SCENARIO]` items (each account once).
fn parse_accounts(items: &[String]) -> Result<Vec<AccountSpec>, CliError> {
    let mut out: Vec<AccountSpec> = Vec::new();
    for raw in items {
        let spec = AccountSpec::parse(raw).map_err(|why| {
            CliError::usage(format!(
                "--account {raw:?}: {why}; expected ACCOUNT_ID[=SCENARIO] such as 1000001=revoked-token"
            ))
        })?;
        if out.iter().any(|a| a.account == spec.account) {
            return Err(CliError::usage(format!(
                "--account {raw:?}: that account is already served"
            )));
        }
        out.push(spec);
    }
    Ok(out)
}

/// The banner of a multi-account emulator: each account's scenario and credentials.
fn accounts_banner(base: &str, accounts: &[AccountSpec]) -> String {
    use nstba::emulator::oauth2::DEMO_CERTIFICATE_ID;
    let mut out = format!(
        "nstba NetSuite emulator listening on {base}, serving {} accounts (routed by the OAuth \
         realm, token, client id or SOAP passport; every account's calls go to this one origin \
         with --base-url {base}).\nM2M: each account's client id is its consumer key; \
         certificate id {DEMO_CERTIFICATE_ID} with the demo key.\n\n",
        accounts.len()
    );
    out.push_str("account scenario consumer-key consumer-secret token-id token-secret\n");
    for a in accounts {
        let c = a.credentials();
        let values: Vec<&str> = c.fields().iter().map(|s| s.expose()).collect();
        out.push_str(&format!(
            "{} {} {}\n",
            a.account.realm(),
            a.scenario.name(),
            values.join(" ")
        ));
    }
    out.push_str("\nPress Ctrl-C to stop.\n");
    out
}

/// Runs the emulator until Ctrl-C.
pub fn run(args: &super::EmulatorArgs) -> Result<(), CliError> {
    let scenario = parse_scenario(&args.scenario)?;
    let listen = parse_listen(args.listen.as_deref())?;
    let options = parse_options(args)?;
    let accounts = parse_accounts(&args.accounts)?;
    if let Some(w) = listen_warning(listen) {
        err!("{w}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let config = EmulatorConfig {
            listen,
            scenario,
            latency: None,
        };
        let emulator = Emulator::start_accounts(config, options.clone(), &accounts)
            .await
            .map_err(|e| {
                CliError::usage(format!(
                    "--listen {listen}: cannot listen there ({e}); choose another address or port 0"
                ))
            })?;
        let mut stdout = std::io::stdout().lock();
        // A closed stdout (piped into `head`) must not stop the server.
        if accounts.is_empty() {
            let _ = stdout.write_all(banner(&emulator, &options).as_bytes());
            let _ = stdout.write_all(m2m_banner(&emulator.base_url()).as_bytes());
        } else {
            let _ = stdout.write_all(accounts_banner(&emulator.base_url(), &accounts).as_bytes());
        }
        let _ = stdout.flush();
        drop(stdout);
        log_requests_until_ctrl_c(&emulator, &accounts).await?;
        emulator.shutdown().await;
        err!("nstba emulator stopped");
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn listening_beyond_loopback_is_warned_about() {
        for a in ["0.0.0.0:8080", "[::]:1", "192.0.2.1:9"] {
            let w = listen_warning(a.parse().unwrap()).expect(a);
            assert!(w.contains("not a loopback address"), "{w}");
        }
        for a in ["127.0.0.1:0", "[::1]:8080"] {
            assert!(listen_warning(a.parse().unwrap()).is_none(), "{a}");
        }
    }

    use super::*;

    #[test]
    fn a_request_line_has_no_query_and_names_the_detail() {
        let e = AuditEntry {
            unix_time: 3_600 + 62,
            interface: "rest",
            path: "/services/rest/record/v1/metadata-catalog".into(),
            detail: Some("InvalidSignature".into()),
            status: 401,
            success: false,
            note: None,
            app: None,
            token_name: None,
            user: None,
            email: None,
            role: None,
            user_agent: None,
        };
        assert_eq!(
            request_line(&e),
            "01:01:02 rest    401 /services/rest/record/v1/metadata-catalog InvalidSignature"
        );
    }

    #[test]
    fn listen_forms() {
        assert_eq!(
            parse_listen(None).unwrap(),
            SocketAddr::from((Ipv4Addr::LOCALHOST, 0))
        );
        assert_eq!(parse_listen(Some("8080")).unwrap().port(), 8080);
        assert_eq!(
            parse_listen(Some("0.0.0.0:9000")).unwrap().to_string(),
            "0.0.0.0:9000"
        );
        assert!(parse_listen(Some("[::1]:1")).is_ok());
        let err = parse_listen(Some("localhost:x")).err().unwrap();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("--listen") && err.to_string().contains("IP:PORT"));
    }

    #[test]
    fn unknown_scenario_lists_names() {
        let err = parse_scenario("nope").err().unwrap();
        assert_eq!(err.exit_code(), 2);
        assert!(err.to_string().contains("wrong-consumer-secret"));
        assert_eq!(parse_scenario("clock-ahead").unwrap(), Scenario::ClockAhead);
    }

    fn args(flow: &str, realm: &str, shapes: &[&str]) -> crate::cli::EmulatorArgs {
        crate::cli::EmulatorArgs {
            listen: None,
            scenario: "healthy".into(),
            flow_errors: flow.into(),
            realm: realm.into(),
            shape: shapes.iter().map(|s| s.to_string()).collect(),
            latency_ms: None,
            accounts: Vec::new(),
        }
    }

    #[test]
    fn options_from_flags() {
        let d = parse_options(&args("generic", "strict", &[])).unwrap();
        assert_eq!(d.flow_errors, FlowErrors::Generic);
        assert!(d.strict_realm);
        let mut slow = args("generic", "strict", &[]);
        slow.latency_ms = Some(200);
        assert_eq!(
            parse_options(&slow).unwrap().latency,
            Some(std::time::Duration::from_millis(200))
        );
        assert_eq!(d.latency, None);
        let o = parse_options(&args(
            "SPECIFIC",
            "lenient",
            &["restlet-403", "suiteql-403"],
        ))
        .unwrap();
        assert_eq!(o.flow_errors, FlowErrors::Specific);
        assert!(!o.strict_realm);
        assert!(o.shapes.restlet_login_403 && o.shapes.suiteql_names_permission);
        for bad in [
            args("exact", "strict", &[]),
            args("generic", "loose", &[]),
            args("generic", "strict", &["nope"]),
        ] {
            let err = parse_options(&bad).err().unwrap();
            assert_eq!(err.exit_code(), 2);
        }
        let err = parse_options(&args("generic", "strict", &["nope"]))
            .err()
            .unwrap();
        assert!(
            err.to_string().contains("slow-401-concurrency"),
            "{}",
            err.to_string()
        );
    }

    #[tokio::test]
    async fn banner_has_everything_a_user_needs() {
        let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
        let b = banner(&emu, &EmulatorOptions::default());
        assert!(
            b.contains("Answers: flow errors generic, realm strict"),
            "{b}"
        );
        assert!(b.contains(&emu.base_url()));
        assert!(b.contains(&format!(
            "nstba test --base-url {} --api rest,restlet,soap",
            emu.base_url()
        )));
        assert!(b.contains("export NETSUITE_ACCOUNT_ID=1234567_SB1"));
        assert!(b.contains(&format!(
            "export NETSUITE_TOKEN_SECRET={}",
            "5ca1ab1e".repeat(8)
        )));
        for s in Scenario::all() {
            assert!(b.contains(s.name()));
        }
        emu.shutdown().await;
    }
}
