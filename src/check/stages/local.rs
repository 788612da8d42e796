//! The local stage: the account id's form and environment, then the shape of the pasted
//! credentials. Nothing is sent.

use super::{Run, SkipReason, result};
use crate::check::credential_shape::ShapeLevel;
use crate::check::model::{CheckId, Hosts, Status};
use crate::netsuite::AccountId;

pub(super) fn run(r: &mut Run<'_>) {
    if account(r) {
        credentials(r);
    }
}

/// The `account-id` check; false when the id did not parse (the run stops).
fn account(r: &mut Run<'_>) -> bool {
    let t = r.rec.start(CheckId::AccountId);
    let a = match AccountId::parse(&r.settings.account) {
        Ok(a) => a,
        Err(e) => {
            r.facts.account_error = Some(e.to_string());
            r.rec.finish(result(
                CheckId::AccountId,
                Status::Fail,
                t,
                e.reason.clone(),
            ));
            r.stop = Some(SkipReason::AccountInvalid);
            return false;
        }
    };
    let mut res = result(
        CheckId::AccountId,
        Status::Pass,
        t,
        format!("{} ({})", a.realm(), a.environment().label()),
    );
    res.details = vec![
        format!("realm / SOAP account: {}", a.realm()),
        format!("host name part: {}", a.slug()),
    ];
    r.rec.finish(res);
    let hosts = Hosts {
        rest: a.rest_base(),
        restlets: a.restlet_base(),
        app: a.app_base(),
    };
    r.shown = (a.realm(), a.environment().kind(), hosts);
    r.facts.account = Some(a.clone());
    r.auth = Some(r.settings.credentials.authenticator(&a));
    r.account = Some(a);
    true
}

/// The `credentials` check: shape problems of the pasted values.
fn credentials(r: &mut Run<'_>) {
    let t = r.rec.start(CheckId::Credentials);
    let shape = r
        .auth
        .as_ref()
        .map(|a| a.shape_issues())
        .unwrap_or_default();
    r.credential_empty = shape.iter().any(|i| i.level == ShapeLevel::Error);
    let status = if r.credential_empty {
        Status::Fail
    } else if shape.is_empty() {
        Status::Pass
    } else {
        Status::Warn
    };
    let summary = match shape.len() {
        0 => r
            .auth
            .as_ref()
            .map_or("4 values present in the usual form", |a| a.present())
            .to_string(),
        1 => shape[0].message.clone(),
        n => format!("{n} problems: {}", shape[0].message),
    };
    let mut res = result(CheckId::Credentials, status, t, summary);
    if shape.len() > 1 {
        res.details = shape.iter().map(|i| i.message.clone()).collect();
    }
    r.rec.finish(res);
    r.facts.shape = shape;
}
