//! How each M2M scenario alters the demo account (the token endpoint and the Bearer check then
//! refuse with the scenario's Detail). The clock-skew scenario needs no change here: it is a clock
//! offset ([`crate::emulator::Scenario::clock_offset_secs`]).

use crate::Secret;
use crate::emulator::Scenario;
use crate::emulator::model::{AccountModel, IntegrationState};

/// Applies `s` to `m` (a fresh demo model).
pub fn apply(s: Scenario, m: &mut AccountModel) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let setup = &mut m.m2m;
    match s {
        Scenario::M2mCertificateExpired => setup.mappings.iter_mut().for_each(|c| {
            c.not_before = now - 800 * 86_400;
            c.not_after = now - 70 * 86_400;
        }),
        Scenario::M2mCertificateRevoked => setup.mappings.iter_mut().for_each(|c| c.revoked = true),
        Scenario::M2mUnknownCertificate => setup
            .mappings
            .iter_mut()
            .for_each(|c| c.certificate_id = "NPMnRyPg-WDWhPiAbisjKiH0fqnBpjOZ367wDTe0pqA".into()),
        Scenario::M2mMappingWiped => setup.mappings.clear(),
        Scenario::M2mWrongClientId => {
            // The record's credentials were reset: a new client id, the mappings moved with it.
            let new = Secret::new("c0ffee00".repeat(8));
            m.integrations[0].consumer_key = new.clone();
            setup
                .clients
                .iter_mut()
                .for_each(|c| c.client_id = new.clone());
            setup
                .mappings
                .iter_mut()
                .for_each(|c| c.client_id = new.clone());
        }
        Scenario::M2mGrantNotTicked => setup
            .clients
            .iter_mut()
            .for_each(|c| c.client_credentials_grant = false),
        Scenario::M2mRecordBlocked => m.integrations[0].state = IntegrationState::Blocked,
        Scenario::M2mScopeMismatch => setup
            .clients
            .iter_mut()
            .for_each(|c| c.scopes = vec!["restlets".into()]),
        Scenario::M2mNoOAuth2Permission => m.roles[0].log_in_using_oauth2_access_tokens = false,
        Scenario::M2mEntityInactive => m.users[0].active = false,
        _ => {}
    }
}
