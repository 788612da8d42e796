//! The words of the OAuth 2.0 client-credentials (M2M) setup: one step per NetSuite page, with
//! the exact menu paths, the boxes to tick and the warnings where they matter (reference
//! oauth2.md §1.7–1.10, §3, §6.3). Data only; [`super::m2m_setup`] walks it.

/// What a step collects besides its checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Only a checklist.
    Checklist,
    /// The account id and the Client ID fields.
    Record,
    /// Key and certificate generation (F3) and the upload beside it.
    Key,
    /// The Certificate ID field, then the live test.
    Mapping,
}

/// One step of the M2M setup.
pub type Step = super::oauth2_step::Step<StepKind>;

/// The steps, in order.
pub const STEPS: &[Step] = &[
    super::oauth2_step::enable_features(StepKind::Checklist),
    Step {
        title: "Create the integration record",
        path: "Setup > Integration > Manage Integrations > New",
        page: "/app/common/integration/integrapplist.nl",
        items: &[
            "State: Enabled",
            "OAuth 2.0: tick Client Credentials (Machine to Machine) Grant",
            "Scopes: tick REST Web Services and RESTlets (the ones you call)",
            "Save, then copy the Client ID into the field below",
        ],
        warnings: &[
            "The Client ID and Client Secret are shown once, right after saving: copy the Client ID now (M2M does not use the secret).",
            "Reset Credentials changes the Client ID and breaks every M2M mapping: use a separate OAuth 2.0 record rather than your TBA one.",
        ],
        kind: StepKind::Record,
    },
    Step {
        title: "Prepare the role",
        path: "Setup > Users/Roles > Manage Roles > (the role) > Permissions > Setup",
        page: "/app/setup/rolelist.nl",
        items: &[
            "Log in using OAuth 2.0 Access Tokens",
            "REST Web Services",
            "Manage own OAuth 2.0 Client Credentials certificates (for nstba cert rotation)",
            "The record permissions the integration needs; give the role to its employee",
        ],
        warnings: &[
            "A role with OAuth 2.0 Authorized Applications Management alone cannot call the APIs: it needs Log in using OAuth 2.0 Access Tokens.",
        ],
        kind: StepKind::Checklist,
    },
    Step {
        title: "Key and certificate",
        path: "generated here; upload at Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup",
        page: "",
        items: &[],
        warnings: &[
            "The private key stays on this machine (mode 0600); only the certificate is uploaded.",
            "The certificate is valid for at most 2 years (730 days): NetSuite mails at 60, 30 and 14 days; rotate with nstba cert upload, then revoke.",
        ],
        kind: StepKind::Key,
    },
    Step {
        title: "Map the certificate",
        path: "Setup > Integration > Manage Authentication > OAuth 2.0 Client Credentials (M2M) Setup > Create New",
        page: "",
        items: &[
            "Choose the entity, the role and the application (the record above)",
            "Upload the certificate file, save",
            "Copy the Certificate ID from the list into the field below",
        ],
        warnings: &[
            "The mapping belongs to this account only: it is not copied to sandboxes or Release Preview, and a sandbox refresh clears it.",
            "One certificate per record, role and entity; at most 5 active certificates per record.",
        ],
        kind: StepKind::Mapping,
    },
];

/// The start screen's paragraph on which kind to choose.
pub const KIND_CHOICE: &str = "TBA (OAuth 1.0a tokens) or OAuth 2.0? From NetSuite 2027.1 no new TBA integration can be created: new setups must use OAuth 2.0. Unattended integrations use its client credentials (M2M) grant: a certificate instead of tokens.";

/// The start screen's choice that opens the M2M setup.
pub const START_CHOICE: &str =
    "Set up OAuth 2.0 client credentials (M2M): the path for new integrations";
/// [`START_CHOICE`] on a small terminal, where one line per choice keeps the demo line in view.
pub const START_CHOICE_SHORT: &str = "Set up OAuth 2.0 M2M (new integrations)";
