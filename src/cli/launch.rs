//! `nstba` with no command: the TUI wizard. `--demo` starts the built-in emulator in-process,
//! pre-fills its demo credentials and lets the user cycle through its failure scenarios.
//! Profiles come from the default profile store (`NSTBA_CONFIG_DIR` honoured); in demo mode the
//! store is touched only when the user saves.

use std::io::IsTerminal;

use nstba::emulator::{Emulator, EmulatorConfig, Scenario, demo};
use nstba::profile::{self, ProfileStore};
use nstba::tui::profiles::{ProfileSummary, SavedProfiles};
use nstba::tui::runtime::{self, DemoControl};
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
        let control = if demo {
            let (control, demo_options) = start_demo(latency).await?;
            options.demo = demo_options.demo;
            options.base_url = demo_options.base_url;
            options.prefill = demo_options.prefill;
            Some(control)
        } else {
            None
        };
        let store = store.map(|s| Box::new(SavedProfiles(s)) as Box<dyn runtime::ProfileStore>);
        runtime::run(App::new(options), control, store)
            .await
            .map_err(|e| CliError::internal(format!("terminal error: {e}")))
    })?;
    Ok(())
}

/// The in-process emulator, driven by the wizard's "next scenario" key. Dropping it stops it.
struct DemoEmulator(Emulator);

impl DemoControl for DemoEmulator {
    fn set_scenario(&mut self, index: usize) {
        if let Some(s) = Scenario::all().get(index) {
            self.0.set_scenario(*s);
        }
    }
}

/// Starts the emulator on a loopback port and returns its control and the app options pointing
/// at it, pre-filled with the demo account and credentials.
async fn start_demo(
    latency: Option<std::time::Duration>,
) -> Result<(Box<dyn DemoControl>, AppOptions), CliError> {
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
    .map_err(|e| CliError::internal(format!("cannot start the demo emulator: {e}")))?;
    let scenarios = Scenario::all()
        .iter()
        .map(|s| (s.name().to_string(), s.description().to_string()))
        .collect();
    let current = Scenario::all()
        .iter()
        .position(|s| *s == Scenario::Healthy)
        .unwrap_or(0);
    let options = AppOptions {
        demo: Some(Demo { scenarios, current }),
        base_url: Some(emulator.base_url()),
        prefill: Some((demo::ACCOUNT.to_string(), demo::credentials())),
        ..AppOptions::default()
    };
    Ok((Box::new(DemoEmulator(emulator)), options))
}
