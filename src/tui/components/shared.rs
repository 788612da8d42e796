//! The state every screen shares: the credentials draft (so nothing typed is lost between the
//! guided setup and the form), the interfaces, the screen notice, profiles and demo facts.

use super::super::app::{AppOptions, Demo};
use super::super::field::{FieldId, Note, NoteKind, TextField};
use super::super::flow::FlowId;
use super::super::message::{Command, RunId};
use super::super::profiles::ProfileSummary;
use super::super::progress::Book;
use super::super::translate::{self, Answer};
use crate::check::{Api, Settings};
use crate::netsuite::{AccountId, Credentials};

/// Fields of the credentials form, in order.
pub const FORM_FIELDS: [FieldId; 5] = [
    FieldId::Account,
    FieldId::ConsumerKey,
    FieldId::ConsumerSecret,
    FieldId::TokenId,
    FieldId::TokenSecret,
];

/// Shared model.
#[derive(Debug)]
pub struct Shared {
    /// The five values (indexed by [`FieldId::index`]).
    pub fields: Vec<TextField>,
    /// Interfaces to set up and test.
    pub apis: Vec<Api>,
    /// A screen-level message (validation that blocked Next, what a paste did).
    pub notice: Option<Note>,
    /// Demo mode.
    pub demo: Option<Demo>,
    /// Origin override for the test.
    pub base_url: Option<String>,
    /// Last used profile.
    pub last_profile: Option<String>,
    /// Saved profiles (start screen, picker).
    pub profiles: Vec<ProfileSummary>,
    /// The last "test all" of the profiles screen (kept while its table is closed).
    pub batch: Option<crate::tui::batch::Batch>,
    /// "Now" (Unix seconds) for ages; refreshed with the profile list.
    pub now_unix: i64,
    /// The profile the current credentials were loaded from or saved as (test results are
    /// recorded in it); cleared when a credential is edited.
    pub profile: Option<String>,
    /// Credentials were typed and not saved or prefilled: quitting asks first.
    pub unsaved: bool,
    /// "Save as profile, then quit" was chosen: quit once the save succeeded.
    pub quit_after_save: bool,
    /// The catalogue lookup (injectable for tests).
    pub explainer: fn(&str) -> Option<Answer>,
    /// The automatic token's callback port (fixed, shown on step 2 and in the flow).
    pub callback_port: u16,
    /// Where the last support report was written.
    pub report_path: Option<String>,
    /// The Detail value the translator explained last (goes into an exported report).
    pub detail: Option<String>,
    /// Per-request timeout of the test (T on the results cycles it).
    pub timeout: std::time::Duration,
    /// The guided setup's progress per account, as stored.
    pub progress: Book,
    /// The account (realm) whose progress the setup shows; `None` until an account id is valid.
    pub progress_key: Option<String>,
    /// The progress changed since it was loaded (stored when the wizard ends).
    pub progress_dirty: bool,
    /// The field a "cannot test yet" notice is about, and that notice's text (dropped as soon as
    /// the field is fixed).
    blocked: Option<(FieldId, String)>,
    /// How far the OAuth 2.0 step page last drawn can scroll (set by the view, which alone knows
    /// the lines and the height), so ↓ stops at the end and ↑ answers at once.
    pub page_scroll_max: std::cell::Cell<u16>,
    next_run: RunId,
    next_flow: FlowId,
}

impl Shared {
    /// The shared state of a new app.
    pub fn new(options: &mut AppOptions) -> Self {
        let mut fields: Vec<TextField> =
            FieldId::ALL.iter().map(|&id| TextField::new(id)).collect();
        if let Some((account, creds)) = &options.prefill {
            fields[FieldId::Account.index()].set(account.clone());
            for (id, s) in FieldId::ALL[1..].iter().zip(creds.fields()) {
                fields[id.index()].set(s.expose());
            }
        }
        Shared {
            fields,
            apis: vec![Api::Rest],
            notice: options.notice.take().map(|n| Note::new(NoteKind::Warn, n)),
            demo: options.demo.take(),
            base_url: options.base_url.take(),
            last_profile: options.last_profile.take(),
            profiles: std::mem::take(&mut options.profiles),
            batch: None,
            now_unix: options.now_unix,
            profile: None,
            unsaved: false,
            quit_after_save: false,
            explainer: translate::explain,
            callback_port: crate::tui::flow::DEFAULT_CALLBACK_PORT,
            detail: None,
            report_path: None,
            timeout: crate::check::settings::DEFAULT_TIMEOUT,
            progress: Book::default(),
            progress_key: None,
            progress_dirty: false,
            blocked: None,
            page_scroll_max: std::cell::Cell::new(0),
            next_run: 1,
            next_flow: 1,
        }
    }

    /// The value of a field.
    pub fn value(&self, id: FieldId) -> &str {
        self.fields[id.index()].value()
    }

    /// A field.
    pub fn field(&self, id: FieldId) -> &TextField {
        &self.fields[id.index()]
    }

    /// A field, to edit.
    pub fn field_mut(&mut self, id: FieldId) -> &mut TextField {
        &mut self.fields[id.index()]
    }

    /// Sets a screen notice.
    pub fn note(&mut self, kind: NoteKind, text: impl Into<String>) {
        self.notice = Some(Note::new(kind, text));
    }

    /// Typed credentials are unsaved, and no longer those of the loaded profile.
    pub fn credentials_edited(&mut self) {
        self.unsaved = true;
        self.profile = None;
    }

    /// The settings the test would run with now.
    pub fn settings(&self) -> Settings {
        let creds = Credentials::new(
            self.value(FieldId::ConsumerKey),
            self.value(FieldId::ConsumerSecret),
            self.value(FieldId::TokenId),
            self.value(FieldId::TokenSecret),
        );
        let mut s = Settings::new(self.value(FieldId::Account), creds);
        s.apis = self.apis.clone();
        s.base_url = self.base_url.clone();
        s.timeout = self.timeout;
        s
    }

    /// Derived facts about the typed account id, for the live preview.
    pub fn account_preview(&self) -> Option<Result<AccountId, String>> {
        let v = self.value(FieldId::Account);
        if v.trim().is_empty() {
            None
        } else {
            Some(AccountId::parse(v).map_err(|e| e.reason))
        }
    }

    /// The first field of `ids` that blocks a test, with the message to show.
    pub fn validate_all(&self, ids: &[FieldId]) -> Option<(usize, Note)> {
        for (i, id) in ids.iter().enumerate() {
            let v = self.value(*id);
            if v.trim().is_empty() {
                let hint = match id {
                    FieldId::ConsumerKey | FieldId::ConsumerSecret => {
                        " (step 2, integration record)"
                    }
                    FieldId::TokenId | FieldId::TokenSecret => " (step 5, access token)",
                    FieldId::Account => " (step 1)",
                };
                return Some((
                    i,
                    Note::new(NoteKind::Error, format!("{} is empty{hint}", id.label())),
                ));
            }
            if *id == FieldId::Account
                && let Err(e) = AccountId::parse(v)
            {
                return Some((i, Note::new(NoteKind::Error, e.reason)));
            }
        }
        None
    }

    /// The screen message for a blocked test: short when the field's own note already explains.
    pub fn blocked_notice(&self, id: FieldId, note: Note) -> Note {
        let explained = self
            .field(id)
            .note
            .as_ref()
            .is_some_and(|n| n.kind == NoteKind::Error);
        if explained {
            Note::new(
                NoteKind::Error,
                format!(
                    "Cannot test yet: fix the {} (see under the field).",
                    id.label().to_lowercase()
                ),
            )
        } else {
            note
        }
    }

    /// Shows why a test or save is blocked by field `id`, remembering it so the notice goes as
    /// soon as that field is fixed.
    pub fn block(&mut self, id: FieldId, note: Note) {
        let note = self.blocked_notice(id, note);
        self.blocked = Some((id, note.text.clone()));
        self.notice = Some(note);
    }

    /// Drops a "cannot test yet" notice once the field it was about no longer blocks.
    pub fn drop_stale_notice(&mut self) {
        let Some((id, text)) = &self.blocked else {
            return;
        };
        let still_shown = self.notice.as_ref().is_some_and(|n| &n.text == text);
        if !still_shown {
            self.blocked = None;
        } else if self.validate_all(&[*id]).is_none() {
            self.notice = None;
            self.blocked = None;
        }
    }

    /// Puts `text` on the clipboard and says so, with what to do where the terminal does not
    /// pass OSC 52 on (there is no way to ask it).
    pub fn copy(&mut self, what: &str, text: String) -> Command {
        self.note(
            NoteKind::Info,
            format!(
                "Copied {what} (through the terminal, OSC 52). Nothing pasted? Your terminal blocks OSC 52: select the text with Shift held and the mouse instead."
            ),
        );
        Command::Copy(text)
    }

    /// The address of NetSuite page `page` (a path such as `/app/setup/features.nl`) for the
    /// typed account, or through `system.netsuite.com` (which sends a signed-in user on to the
    /// account) while no valid account id is typed.
    pub fn page_url(&self, page: &str) -> String {
        match AccountId::parse(self.value(FieldId::Account)) {
            Ok(id) => format!("{}{page}", id.app_base()),
            Err(_) => format!("https://system.netsuite.com{page}"),
        }
    }

    /// Opens NetSuite page `page` in a browser (not in demo mode, whose account is not real);
    /// the notice says what happens, the answer what happened.
    pub fn open_page(&mut self, page: &str) -> Option<Command> {
        if page.is_empty() {
            self.note(
                NoteKind::Info,
                "This screen has no NetSuite page of its own.",
            );
            return None;
        }
        let url = self.page_url(page);
        if self.demo.is_some() {
            self.note(
                NoteKind::Info,
                format!("Demo mode: no browser opened (the demo account is not real). Page: {url}"),
            );
            return None;
        }
        self.note(NoteKind::Info, format!("Opening {url} in your browser…"));
        Some(Command::OpenUrl(url))
    }

    /// A new test run id.
    pub fn run_id(&mut self) -> RunId {
        let id = self.next_run;
        self.next_run += 1;
        id
    }

    /// A new flow id.
    pub fn flow_id(&mut self) -> FlowId {
        let id = self.next_flow;
        self.next_flow += 1;
        id
    }

    /// Re-reads the profile list after the store changed. (Demo mode has a store of its own, so
    /// its profiles never mix with real ones.)
    pub fn refresh_profiles(&self) -> Option<Command> {
        Some(Command::ListProfiles)
    }

    /// Re-reads the profile list (after a rename or delete).
    pub fn list_profiles(&self) -> Option<Command> {
        self.refresh_profiles()
    }
}
