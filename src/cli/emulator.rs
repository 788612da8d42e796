//! `nstba emulator [--listen ADDR] [--scenario NAME]`: runs the built-in NetSuite stand-in in the
//! foreground, prints how to point nstba (or any client) at it, and stops cleanly on Ctrl-C.

use std::io::Write as _;
use std::net::{Ipv4Addr, SocketAddr};

use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::netsuite::credentials::{ACCOUNT_ENV, FIELDS};

use super::{Exit, Failure};

/// Parses `--listen`: `IP:PORT` (`127.0.0.1:8080`, `[::1]:8080`) or a bare port.
fn parse_listen(raw: Option<&str>) -> Result<SocketAddr, Failure> {
    let Some(raw) = raw else {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
    };
    let t = raw.trim();
    if let Ok(port) = t.parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    t.parse::<SocketAddr>().map_err(|_| {
        Failure::usage(format!(
            "--listen {raw:?} is not an address; expected IP:PORT such as 127.0.0.1:8080 (port 0 lets the system choose) or just a port"
        ))
    })
}

fn parse_scenario(name: &str) -> Result<Scenario, Failure> {
    Scenario::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Scenario::all().iter().map(|s| s.name()).collect();
        Failure::usage(format!(
            "--scenario {name:?} is not a scenario; valid names: {}",
            names.join(", ")
        ))
    })
}

/// The banner: where it listens, what it plays, and how to use it.
fn banner(emulator: &Emulator) -> String {
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
    for s in Scenario::all() {
        let mark = if *s == scenario { '*' } else { ' ' };
        out.push_str(&format!("  {mark} {:<26} {}\n", s.name(), s.description()));
    }
    out.push_str("\nDemo credentials (fake values that only this emulator accepts):\n");
    out.push_str(&format!("export {ACCOUNT_ENV}={}\n", demo::ACCOUNT));
    for ((_, var), value) in FIELDS.iter().zip(creds.fields()) {
        out.push_str(&format!("export {var}={}\n", value.expose()));
    }
    out.push_str(&format!(
        "\nThen run:\nnstba test --base-url {base} --api rest,restlet,soap\n\n\
         New token by the three-step flow (the consent page has Allow/Deny):\n\
         nstba token request --base-url {base} --print-secret\n\n\
         Login Audit Trail (why each request failed): curl {base}/__nstba/audit-trail\n\
         Press Ctrl-C to stop.\n"
    ));
    out
}

/// Runs the emulator until Ctrl-C.
pub fn run(args: &super::EmulatorArgs) -> Result<Exit, Failure> {
    let scenario = parse_scenario(&args.scenario)?;
    let listen = parse_listen(args.listen.as_deref())?;
    if !listen.ip().is_loopback() {
        err!(
            "nstba: warning: --listen {listen} is not a loopback address: other machines can reach \
             the emulator, read its demo credentials' signed traffic in cleartext and mint tokens \
             from it; use 127.0.0.1 unless that is what you want"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let config = EmulatorConfig {
            listen,
            scenario,
            latency: None,
        };
        let emulator = Emulator::start(config).await.map_err(|e| {
            Failure::usage(format!(
                "--listen {listen}: cannot listen there ({e}); choose another address or port 0"
            ))
        })?;
        let mut stdout = std::io::stdout().lock();
        // A closed stdout (piped into `head`) must not stop the server.
        let _ = stdout.write_all(banner(&emulator).as_bytes());
        let _ = stdout.flush();
        drop(stdout);
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| Failure::internal(format!("cannot wait for Ctrl-C: {e}")))?;
        emulator.shutdown().await;
        err!("nstba emulator stopped");
        Ok(Exit::Ok)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(err.exit, Exit::Usage);
        assert!(err.message.contains("--listen") && err.message.contains("IP:PORT"));
    }

    #[test]
    fn unknown_scenario_lists_names() {
        let err = parse_scenario("nope").err().unwrap();
        assert_eq!(err.exit, Exit::Usage);
        assert!(err.message.contains("wrong-consumer-secret"));
        assert_eq!(parse_scenario("clock-ahead").unwrap(), Scenario::ClockAhead);
    }

    #[tokio::test]
    async fn banner_has_everything_a_user_needs() {
        let emu = Emulator::start(EmulatorConfig::default()).await.unwrap();
        let b = banner(&emu);
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
