//! Profiles in the wizard: the plain data that crosses the update/runtime seam (no store access
//! in `update`), [`SavedProfiles`] — the runtime's store over `nstba::profile::ProfileStore` —
//! and the support report export ([`write_report`]).
use std::path::{Path, PathBuf};

use super::runtime::{ProfileStore as ProfileStoreSeam, Recorded};
use crate::check::{Api, Report, Settings};
use crate::netsuite::AccountId;
use crate::profile::{self, ProfileStore};
use crate::report::{self, ReportInput};

/// One saved profile as listed on the start screen and in the picker (no secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSummary {
    /// Profile name.
    pub name: String,
    /// Canonical account id.
    pub account: String,
    /// The last test: (passed, when in Unix seconds, one-line summary).
    pub last: Option<(bool, i64, String)>,
}

impl ProfileSummary {
    /// The summary of a stored profile.
    pub fn of(p: &profile::Profile) -> Self {
        ProfileSummary {
            name: p.name.clone(),
            account: p.account.clone(),
            last: p
                .last_test
                .as_ref()
                .map(|t| (t.ok, t.at_unix, t.summary.clone())),
        }
    }

    /// "passed 5 min ago" / "failed 2 days ago" / "never tested", relative to `now`.
    pub fn last_result(&self, now: i64) -> String {
        match &self.last {
            Some((ok, at, _)) => format!(
                "{} {}",
                if *ok { "passed" } else { "failed" },
                profile::clock::age(now, *at)
            ),
            None => "never tested".to_string(),
        }
    }
}

/// A profile read back from the store: what the test needs. `Debug` is redacted by `Credentials`.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    /// The account id as saved.
    pub account: String,
    /// Interfaces to probe.
    pub apis: Vec<Api>,
    /// The credentials, of the profile's kind: TBA values fill the form; an OAuth 2.0 profile's
    /// (M2M, authorization code) are tested as they are.
    pub credentials: crate::check::auth::Credentials,
}

/// Everything the support report needs; the runtime adds the time and writes the file.
#[derive(Debug, Clone)]
pub struct ExportJob {
    /// The finished test.
    pub report: Report,
    /// The credentials tested, of the run's kind (the report shows that kind's summary, secrets
    /// reduced to their last 4 characters or not shown); `None` leaves the section out.
    pub credentials: Option<crate::check::auth::Credentials>,
    /// The profile tested, if any.
    pub profile: Option<String>,
    /// Interfaces probed.
    pub apis: Vec<Api>,
    /// Origin override (the demo emulator).
    pub base_url: Option<String>,
    /// The profile's warnings for this run.
    pub warnings: Vec<String>,
    /// The Login Audit Trail Detail value explained in the translator, if any.
    pub detail: Option<String>,
    /// Demo mode: the emulator scenario that played.
    pub scenario: Option<String>,
}

/// The report's file name: `nstba-report-<account>-<YYYY-MM-DD-HHMMSS>.md` in UTC (account as
/// its slug, so the name is safe whatever was typed).
pub fn report_file_name(account: &str, now: i64) -> String {
    let slug = AccountId::parse(account)
        .map(|a| a.slug())
        .unwrap_or_else(|_| {
            account
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        });
    let slug = if slug.is_empty() {
        "account".to_string()
    } else {
        slug
    };
    format!("nstba-report-{slug}-{}.md", file_stamp(now))
}

/// `2026-12-01-230501` (UTC) for a Unix time; the raw number if it is out of range.
fn file_stamp(now: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(now) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}-{:02}{:02}{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => now.to_string(),
    }
}

/// Writes the Markdown support report (secrets reduced to their last 4) into `dir` and returns
/// its path. Refuses to overwrite an existing file.
pub fn write_report(dir: &Path, job: &ExportJob, now: i64) -> std::io::Result<PathBuf> {
    let input = ReportInput {
        report: &job.report,
        credentials: None,
        profile: job.profile.as_deref(),
        apis: &job.apis,
        base_url: job.base_url.as_deref(),
        detail: job.detail.as_deref(),
        warnings: &job.warnings,
        generated_at_unix: now,
    };
    let md = report::for_kind(&input, job.credentials.as_ref(), None);
    // The report's own words are for `nstba report --base-url`; a demo run says what it was.
    let md = match &job.scenario {
        Some(name) => {
            let mut md = md.replace(
                "(`--base-url`, not NetSuite's own hosts)",
                &format!("(the built-in demo emulator playing scenario `{name}`, not NetSuite)"),
            );
            md.push_str(&format!(
                "\n## Demo\n\nThis report comes from nstba's built-in NetSuite emulator playing \
                 scenario `{name}`, not from NetSuite.\n"
            ));
            md
        }
        None => md,
    };
    let path = dir.join(report_file_name(&job.report.account, now));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::io::Write::write_all(&mut f, md.as_bytes())?;
    Ok(path)
}

/// The wizard's progress file beside `profiles.toml` (no secrets: ticks, step, callback port).
pub const WIZARD_FILE: &str = "wizard.toml";

/// The wizard's view of the profile store. Errors are the store's messages, which never hold
/// secrets.
pub struct SavedProfiles(pub ProfileStore);

impl ProfileStoreSeam for SavedProfiles {
    fn store(&self) -> Option<ProfileStore> {
        Some(self.0.clone())
    }

    fn list(&mut self) -> Result<Vec<ProfileSummary>, String> {
        self.0
            .list()
            .map(|l| l.iter().map(ProfileSummary::of).collect())
            .map_err(|e| e.to_string())
    }

    fn save(&mut self, name: &str, settings: &Settings) -> Result<Option<String>, String> {
        let outcome = match &settings.credentials {
            // The wizard's login: refresh token and secret to the secret store.
            crate::check::auth::Credentials::AuthCode(c) => {
                self.0
                    .save_login(name, &settings.account, c, settings.apis.clone())
            }
            _ => self.0.save_settings(name, settings),
        }
        .map_err(|e| e.to_string())?;
        // A saved profile is the one to offer again on the next start.
        self.0.set_last_used(name).map_err(|e| e.to_string())?;
        Ok(outcome.warning)
    }

    fn load(&mut self, name: &str) -> Result<LoadedProfile, String> {
        let p = self.0.get(name).map_err(|e| e.to_string())?;
        // An OAuth 2.0 profile loads as its kind's test settings (an authorization-code one with
        // the store handle that saves each rotated refresh token back).
        let credentials = match p.kind() {
            crate::check::AuthKind::Tba => self
                .0
                .load_credentials(name)
                .map_err(|e| e.to_string())?
                .into(),
            _ => self.test_settings(name)?.credentials,
        };
        Ok(LoadedProfile {
            account: p.account,
            apis: p.apis,
            credentials,
        })
    }

    fn rename(&mut self, old: &str, new: &str) -> Result<(), String> {
        self.0.rename(old, new).map_err(|e| e.to_string())
    }

    fn delete(&mut self, name: &str) -> Result<Option<String>, String> {
        self.0
            .remove(name)
            .map(|o| o.warning)
            .map_err(|e| e.to_string())
    }

    fn wizard_state(&mut self) -> Option<String> {
        std::fs::read_to_string(self.0.dir().join(WIZARD_FILE)).ok()
    }

    fn save_wizard_state(&mut self, text: &str) -> Result<(), String> {
        let path = self.0.dir().join(WIZARD_FILE);
        super::progress::write_file(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }

    fn test_settings(&mut self, name: &str) -> Result<Settings, String> {
        let p = self.0.get(name).map_err(|e| e.to_string())?;
        let mut s = match p.kind() {
            crate::check::AuthKind::Tba => {
                let c = self.0.load_credentials(name).map_err(|e| e.to_string())?;
                Settings::new(p.account.clone(), c)
            }
            crate::check::AuthKind::M2m => {
                let (_, c) = self.0.load_m2m(name).map_err(|e| e.to_string())?;
                Settings::new(p.account.clone(), c)
            }
            // The profile's store handle saves each rotated refresh token back into it.
            crate::check::AuthKind::Authcode => {
                let (_, c) = self
                    .0
                    .authcode_credentials(name)
                    .map_err(|e| e.to_string())?;
                Settings::new(
                    p.account.clone(),
                    crate::check::auth::Credentials::AuthCode(c),
                )
            }
        };
        if !p.apis.is_empty() {
            s.apis = p.apis;
        }
        Ok(s)
    }

    fn record(&mut self, name: &str, report: &Report) -> Result<Recorded, String> {
        let p = self.0.get(name).map_err(|e| e.to_string())?;
        let warnings = report::warnings(&p, Some(report));
        self.0
            .record_test(name, report)
            .and_then(|()| self.0.set_last_used(name))
            .map_err(|e| e.to_string())?;
        // An unreadable progress file is the migration's own concern (it says so when opened):
        // the results then show the plain notice.
        let migration = crate::migrate::state::load(self.0.dir(), name)
            .ok()
            .flatten()
            .map(Box::new);
        Ok(Recorded {
            warnings,
            migration,
        })
    }
}
