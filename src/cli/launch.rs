//! `nstba` with no command: the TUI wizard. `--demo` starts the built-in emulator in-process,
//! pre-fills its demo credentials and lets the user cycle through its failure scenarios.
//! Profiles come from the default profile store (`NSTBA_CONFIG_DIR` honoured); in demo mode the
//! store is touched only when the user saves.

use std::io::IsTerminal;

use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::profile::{self, ProfileStore};
use nstba::tui::demo_profiles::DemoProfiles;
use nstba::tui::profiles::{ProfileSummary, SavedProfiles};
use nstba::tui::runtime::{self, DemoControl, DemoFailed};
use nstba::tui::{App, AppOptions, Demo};

use super::CliError;

/// Runs the wizard (optionally in demo mode, `Some(latency in ms)`, optionally naming a profile
/// to open).
pub fn run(demo: Option<Option<u64>>, profile: Option<&str>) -> Result<(), CliError> {
    let latency = demo.flatten().map(std::time::Duration::from_millis);
    let demo = demo.is_some();
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::usage(
            "the wizard needs an interactive terminal; in scripts use `nstba test` (see --help)",
        ));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::internal(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(async {
        let mut options = AppOptions {
            now_unix: profile::clock::now_unix(),
            ..AppOptions::default()
        };
        let store = match ProfileStore::open_default() {
            Ok(s) => Some(s),
            Err(e) => {
                options.notice = Some(format!(
                    "Profiles are unavailable ({e}); everything else works."
                ));
                None
            }
        };
        // Demo profiles live in a store of their own (`demo/` under the config directory, secrets
        // in its file: the keychain is keyed by name and would mix them with real profiles), so
        // they are offered again on the next `--demo` start and never judged by the emulator.
        let store = if demo {
            store.and_then(|s| {
                ProfileStore::open(s.dir().join("demo"))
                    .ok()
                    .map(|d| d.with_secret_store(nstba::profile::SecretStoreKind::File))
            })
        } else {
            store
        };
        if let Some(store) = store.as_ref() {
            match store.list() {
                Ok(list) => options.profiles = list.iter().map(ProfileSummary::of).collect(),
                Err(e) => {
                    options.notice = Some(format!("Could not read the saved profiles: {e}"));
                }
            }
            options.last_profile = store.last_used();
            options.open_profile = profile.map(str::to_string);
        }
        // The demo's store knows which OAuth 2.0 profiles an earlier session's emulator issued.
        let store = store.map(|s| match demo {
            true => Box::new(DemoProfiles::new(SavedProfiles(s))) as Box<dyn runtime::ProfileStore>,
            false => Box::new(SavedProfiles(s)) as Box<dyn runtime::ProfileStore>,
        });
        let result = if demo {
            // The emulator starts after the first frame (its demo certificate and model cost
            // more than the frame); everything the screen shows of the demo is known before.
            let demo_options = demo_app_options();
            options.demo = demo_options.demo;
            options.prefill = demo_options.prefill;
            runtime::run_demo(App::new(options), Box::pin(start_demo(latency)), store).await
        } else {
            runtime::run(App::new(options), None, store).await
        };
        result.map_err(
            |e| match e.get_ref().and_then(|x| x.downcast_ref::<DemoFailed>()) {
                Some(d) => CliError::internal(d.to_string()),
                None => CliError::internal(format!("terminal error: {e}")),
            },
        )
    })?;
    Ok(())
}

/// The in-process emulator, driven by the wizard's "next scenario" key. Dropping it stops it.
struct DemoEmulator(Emulator);

impl DemoControl for DemoEmulator {
    fn set_scenario(&mut self, index: usize) {
        if let Some(s) = demo_scenarios().get(index) {
            self.0.set_scenario(*s);
        }
    }
}

/// The scenarios the demo plays: the TBA ones, then the migration's (so "Move this connection
/// to OAuth 2.0" can meet a mapping with another role).
fn demo_scenarios() -> Vec<Scenario> {
    Scenario::all()
        .iter()
        .chain(Scenario::all_migrate())
        .copied()
        .collect()
}

/// The demo's scenarios and pre-filled account and credentials (known before the emulator runs).
fn demo_app_options() -> AppOptions {
    let scenarios = demo_scenarios()
        .iter()
        .map(|s| (s.name().to_string(), s.description().to_string()))
        .collect();
    let current = demo_scenarios()
        .iter()
        .position(|s| *s == Scenario::Healthy)
        .unwrap_or(0);
    AppOptions {
        demo: Some(Demo { scenarios, current }),
        prefill: Some((demo::ACCOUNT.to_string(), demo::credentials())),
        ..AppOptions::default()
    }
}

/// Starts the emulator on a loopback port, playing `healthy`; returns its control and origin.
async fn start_demo(
    latency: Option<std::time::Duration>,
) -> Result<(Box<dyn DemoControl>, String), String> {
    // The demo plays the informative answers (exact flow codes, a readable Login Audit Trail), so
    // every scenario can end in its exact cause.
    let emulator = Emulator::start_with(
        EmulatorConfig {
            scenario: Scenario::Healthy,
            ..EmulatorConfig::default()
        },
        nstba::emulator::EmulatorOptions {
            latency,
            ..nstba::emulator::EmulatorOptions::informative()
        },
    )
    .await
    .map_err(|e| e.to_string())?;
    let base_url = emulator.base_url();
    Ok((Box::new(DemoEmulator(emulator)), base_url))
}
