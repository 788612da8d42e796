//! The key stage (OAuth 2.0 only): the `key` check, the local pre-flight of the private key and
//! the uploaded certificate (type and size, alg, key match, expiry, validity, a self-verified
//! assertion). Nothing is sent; a key NetSuite would refuse stops the run before any request
//! could count as a failed login.

use super::{Run, SkipReason, result};
use crate::check::diagnose::{OAuth2Facts, TokenOutcome};
use crate::check::model::{CheckId, Status};
use crate::netsuite::cert::Severity;
use crate::netsuite::cert::checks::Report;

pub(super) fn run(r: &mut Run<'_>) {
    let Some(src) = r.auth.as_ref().and_then(|a| a.token_source()) else {
        return;
    };
    let (certificate_id, scopes) = (src.certificate_id(), src.scopes());
    let report = (!r.credential_empty)
        .then(|| src.preflight(time::OffsetDateTime::now_utc().unix_timestamp()));
    r.facts.oauth2 = Some(OAuth2Facts {
        certificate_id,
        scopes,
        key: None,
        certificate_given: false,
        token: TokenOutcome::NotRun,
        refresh: src.refreshes(),
    });
    let Some(report) = report else {
        return;
    };
    let t = r.rec.start(CheckId::Key);
    let status = if !report.ok {
        Status::Fail
    } else if report
        .findings
        .iter()
        .any(|f| f.severity == Severity::Warning)
    {
        Status::Warn
    } else {
        Status::Pass
    };
    let mut res = result(CheckId::Key, status, t, summary(&report));
    res.details = report
        .findings
        .iter()
        .map(|f| format!("{}: {}", f.id, f.message))
        .collect();
    // A login has no key: its pre-flight is the refresh token's validity.
    if report.certificate.is_none() && !src.refreshes() {
        res.details.push(
            "no certificate given (NETSUITE_CERTIFICATE_FILE): its expiry and its match with the \
             key were not checked"
                .into(),
        );
    }
    r.rec.finish(res);
    let ok = report.ok;
    if let Some(o) = r.facts.oauth2.as_mut() {
        o.certificate_given = report.certificate.is_some();
        o.key = Some(report);
    }
    if !ok {
        r.stop = Some(SkipReason::KeyUnusable);
    }
}

/// The first problem, else what the key and certificate are.
fn summary(report: &Report) -> String {
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .or_else(|| {
            report
                .findings
                .iter()
                .find(|f| f.severity == Severity::Warning)
        })
    {
        return f.message.clone();
    }
    let key = report.key.as_ref().map_or_else(String::new, |k| {
        let what = k
            .curve
            .map_or_else(|| format!("{} {}", k.family, k.bits), str::to_string);
        format!("{what} key, signs {}", k.alg)
    });
    match &report.certificate {
        Some(c) => format!("{key}; certificate matches, valid until {}", c.not_after),
        // No key either (an authorization-code login): what its pre-flight found instead.
        None if report.key.is_none() => report
            .findings
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_default(),
        None => key,
    }
}
