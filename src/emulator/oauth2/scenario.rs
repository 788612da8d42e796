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

/// Applies a migration scenario `s` to `m` (a fresh demo model, where TBA and M2M already work
/// on the one integration record, with the same role and entity).
pub fn apply_migrate(s: Scenario, m: &mut AccountModel) {
    match s {
        Scenario::MigrateRoleDiffers => {
            // Another role the demo employee holds (with the OAuth 2.0 login permission).
            let other = crate::emulator::issuetoken::DEMO_ISSUER_ROLE;
            m.m2m.mappings.iter_mut().for_each(|c| c.role = other);
            m.m2m.certificate_managers.push(other);
        }
        Scenario::MigrateRecordLacksScope => m
            .m2m
            .clients
            .iter_mut()
            .for_each(|c| c.scopes = vec!["rest_webservices".into()]),
        Scenario::MigrateSeparateRecord => separate_record(m),
        _ => {}
    }
}

/// Moves the M2M side to a new OAuth 2.0-only record: its own client id, no TBA box; the TBA
/// record keeps its tokens but loses the M2M grant.
fn separate_record(m: &mut AccountModel) {
    let id = Secret::from(crate::emulator::scenario::SEPARATE_CLIENT_ID);
    let mut record = m.integrations[0].clone();
    record.name = "nstba demo integration (OAuth 2.0)".into();
    record.consumer_key = id.clone();
    record.consumer_secret = Secret::new("0b".repeat(32));
    record.tba = false;
    record.tba_authorization_flow = false;
    record.callback_url = None;
    m.integrations.push(record);
    let mut client = m.m2m.clients[0].clone();
    m.m2m.clients[0].client_credentials_grant = false;
    client.client_id = id.clone();
    client.application_id = "7E3F6D3B-8B4C-4D2E-AF90-1B2C3D4E5F60".into();
    m.m2m.clients.push(client);
    m.m2m
        .mappings
        .iter_mut()
        .for_each(|c| c.client_id = id.clone());
}
