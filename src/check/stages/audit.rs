//! The Login Audit Trail stage (`--audit-profile`): after the run's logins were all refused,
//! read the trail with the other, working credential and take the Detail of this run's refused
//! login ([`crate::check::audit`]), so the diagnosis names the exact cause. Another
//! integration's rows are never used, only counted (labelled). A refusal to read the trail is
//! reported with the way to read it in the UI.

use super::{Run, result, unix_now};
use crate::check::audit::{AuditRead, match_rows, read};
use crate::check::classify::Kind;
use crate::check::diagnose::{DetailSource, KnownDetail};
use crate::check::model::{CheckId, Status};
use crate::check::text::texts;
use crate::netsuite::AccountId;

pub(super) async fn run(r: &mut Run<'_>) {
    let Some(with) = r.settings.audit_with.as_ref() else {
        return;
    };
    let refused = r
        .facts
        .probes
        .iter()
        .any(|p| p.obs.kind == Kind::LoginFailed);
    if !refused || r.facts.login_proven() || r.facts.detail.is_some() || r.cancel.is_cancelled() {
        return;
    }
    let id = CheckId::LoginAudit;
    let t = r.rec.start(id);
    let account = match AccountId::parse(&with.account) {
        Ok(a) => a,
        Err(e) => {
            r.rec.finish(result(
                id,
                Status::Warn,
                t,
                format!("profile {}: {e}", with.name),
            ));
            return;
        }
    };
    let answer = read(
        &account,
        &with.credentials,
        r.settings.base_url.as_deref(),
        r.settings.timeout,
        r.cancel,
    )
    .await;
    let ui = texts().login_audit_trail().steps.clone();
    let res = match answer {
        AuditRead::Rows(rows) => {
            let m = match_rows(&rows, Some((r.started_unix, unix_now())), None);
            let others = m.others.len();
            let mut res = match m.detail() {
                Some(row) => {
                    let value = row.detail.clone().unwrap_or_default();
                    r.facts.detail = Some(KnownDetail {
                        value: value.clone(),
                        source: DetailSource::AuditTrail(row.describe()),
                    });
                    let mut res = result(
                        id,
                        Status::Pass,
                        t,
                        format!("Detail {value} (read with profile {})", with.name),
                    );
                    res.details.push(row.describe());
                    res
                }
                None => {
                    let mut res = result(
                        id,
                        Status::Warn,
                        t,
                        "no refused login of this run in the Login Audit Trail yet",
                    );
                    res.details.push(ui.clone());
                    res
                }
            };
            if others > 0 {
                res.details.push(format!(
                    "{others} other refused login(s) not from this run (another integration's, or older) \
                     were left out; `nstba audit --profile {}` lists them, labelled",
                    with.name
                ));
            }
            res
        }
        AuditRead::Refused {
            status,
            code,
            message,
        } => {
            let mut res = result(
                id,
                Status::Warn,
                t,
                format!(
                    "profile {} could not read the Login Audit Trail: HTTP {status}{}",
                    with.name,
                    code.map(|c| format!(" {c}")).unwrap_or_default()
                ),
            );
            res.http_status = Some(status);
            if let Some(m) = message {
                res.details.push(format!("message: {m}"));
            }
            res.details
                .push(format!("read it in the NetSuite UI instead: {ui}"));
            res
        }
        AuditRead::Failed(why) => {
            let mut res = result(
                id,
                Status::Warn,
                t,
                format!("could not read the Login Audit Trail: {why}"),
            );
            res.details
                .push(format!("read it in the NetSuite UI instead: {ui}"));
            res
        }
    };
    r.rec.finish(res);
}
