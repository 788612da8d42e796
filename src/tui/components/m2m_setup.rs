//! The OAuth 2.0 client-credentials (M2M) setup: five steps ([`super::m2m_steps`]) with their
//! checklists, the account and Client ID fields, the key and certificate generated here (F3,
//! written by the runtime: [`super::m2m_task`]), the upload beside it (in NetSuite's M2M Setup
//! page; in the demo, F4 uploads through the emulator's rotation API), the Certificate ID field
//! and the live test (the connection test with these M2M credentials, on the results screen).
//! Handlers never do I/O.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use super::credentials::{self, Focus};
use super::m2m_steps::{STEPS, StepKind};
use super::m2m_task::{Generated, M2mCommand, M2mEvent};
use super::{Component, Cx, Handled, Nav, Shared};
use crate::Secret;
use crate::authflow::cert_rotation::RotationSettings;
use crate::tui::app::Screen;
use crate::tui::field::{FieldId, Note, NoteKind};
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// A field of the M2M setup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum M2mField {
    /// The account id (shared with the TBA screens).
    Account,
    /// The integration record's Client ID.
    ClientId,
    /// The Certificate ID from the M2M Setup list.
    CertificateId,
}

impl M2mField {
    /// The label beside the field.
    pub fn label(self) -> &'static str {
        match self {
            M2mField::Account => "Account ID",
            M2mField::ClientId => "Client ID",
            M2mField::CertificateId => "Certificate ID",
        }
    }
}

/// What a background job is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Busy {
    /// Generating and writing the key and certificate.
    Generating,
    /// Uploading the certificate (demo).
    Uploading,
}

/// State of the M2M setup.
#[derive(Debug)]
pub struct M2mWizard {
    /// The step shown (0-based).
    pub step: usize,
    /// Checklist or a field.
    pub focus: Focus,
    /// Cursor in the checklist.
    pub row: usize,
    /// Ticked items, per step.
    pub ticked: Vec<Vec<bool>>,
    /// Lines scrolled off a page that has nothing to focus.
    pub scroll: u16,
    client_id: Input,
    certificate_id: Input,
    /// The generated key and certificate, once written.
    pub generated: Option<Generated>,
    /// Background work under way.
    pub busy: Option<Busy>,
    /// Where `Generate` writes (a fresh directory is made inside).
    pub out_dir: std::path::PathBuf,
}

impl Default for M2mWizard {
    fn default() -> Self {
        M2mWizard {
            step: 0,
            focus: Focus::List,
            row: 0,
            ticked: STEPS.iter().map(|s| vec![false; s.items.len()]).collect(),
            scroll: 0,
            client_id: Input::default(),
            certificate_id: Input::default(),
            generated: None,
            busy: None,
            out_dir: std::path::PathBuf::from("."),
        }
    }
}

impl Drop for M2mWizard {
    fn drop(&mut self) {
        let mut v = self.client_id.value_and_reset();
        zeroize::Zeroize::zeroize(&mut v);
    }
}

impl M2mWizard {
    /// Shows step `s` (focus on its checklist, or its first field when it has none).
    pub fn enter(&mut self, s: usize, shared: &Shared) {
        self.step = s.min(STEPS.len() - 1);
        self.row = 0;
        self.scroll = 0;
        self.focus = super::oauth2_step::entry_focus(&STEPS[self.step], self.fields().len());
        super::oauth2_step::demo_client_id(shared, &mut self.client_id);
    }

    /// The fields of the current step.
    pub fn fields(&self) -> &'static [M2mField] {
        match STEPS[self.step].kind {
            StepKind::Record => &[M2mField::Account, M2mField::ClientId],
            StepKind::Mapping => &[M2mField::CertificateId],
            StepKind::Checklist | StepKind::Key => &[],
        }
    }

    /// The field being edited, if any.
    pub fn editing(&self) -> Option<M2mField> {
        match self.focus {
            Focus::Field(i) => self.fields().get(i).copied(),
            Focus::List => None,
        }
    }

    /// A field's value (the account lives in the shared draft).
    pub fn value<'a>(&'a self, shared: &'a Shared, f: M2mField) -> &'a str {
        match f {
            M2mField::Account => shared.value(FieldId::Account),
            M2mField::ClientId => self.client_id.value(),
            M2mField::CertificateId => self.certificate_id.value(),
        }
    }

    /// Cursor column of a field.
    pub fn cursor(&self, shared: &Shared, f: M2mField) -> usize {
        match f {
            M2mField::Account => shared.field(FieldId::Account).cursor(),
            M2mField::ClientId => self.client_id.visual_cursor(),
            M2mField::CertificateId => self.certificate_id.visual_cursor(),
        }
    }

    fn input(&mut self, f: M2mField) -> Option<&mut Input> {
        match f {
            M2mField::Account => None,
            M2mField::ClientId => Some(&mut self.client_id),
            M2mField::CertificateId => Some(&mut self.certificate_id),
        }
    }

    fn edit(&mut self, f: M2mField, key: KeyEvent, shared: &mut Shared) {
        if f == M2mField::Account {
            credentials::edit(shared, FieldId::Account, key);
            return;
        }
        if let (Some(req), Some(i)) = (super::oauth2_step::text_request(key.code), self.input(f)) {
            i.handle(req);
        }
    }

    fn paste(&mut self, text: &str, shared: &mut Shared) {
        let Some(f) = self.editing() else { return };
        // One line, no surrounding blanks or quotes: ids are pasted whole.
        let clean = super::oauth2_step::one_value(text, 200);
        match self.input(f) {
            Some(i) => *i = Input::new(clean),
            None => shared.field_mut(FieldId::Account).set(clean),
        }
    }

    fn next(&mut self, cx: &mut Cx) {
        let n = self.fields().len();
        match self.focus {
            Focus::List if n > 0 => self.focus = Focus::Field(0),
            Focus::Field(i) if i + 1 < n => self.focus = Focus::Field(i + 1),
            _ if self.step + 1 < STEPS.len() => cx.go(Nav::Go(Screen::M2m(self.step + 1))),
            _ => self.test(cx),
        }
    }

    /// F3: a new EC P-256 key and a certificate valid 730 days, written by the runtime.
    fn generate(&mut self, cx: &mut Cx) {
        if self.busy.is_some() {
            return;
        }
        self.busy = Some(Busy::Generating);
        cx.command(Command::M2m(M2mCommand::Generate {
            dir: self.out_dir.clone(),
        }));
    }

    /// F4 (demo): upload the generated certificate through the emulator's rotation API, with
    /// the demo credentials, and take the Certificate ID it answers.
    fn demo_upload(&mut self, cx: &mut Cx) {
        let (Some(g), Some(base)) = (&self.generated, cx.shared.base_url.clone()) else {
            cx.shared.note(
                NoteKind::Warn,
                "Press F3 first: there is no certificate to upload yet.",
            );
            return;
        };
        if cx.shared.demo.is_none() || self.busy.is_some() {
            return;
        }
        self.busy = Some(Busy::Uploading);
        let settings = RotationSettings {
            account: crate::emulator::demo::ACCOUNT.into(),
            client_id: crate::emulator::demo::credentials().consumer_key,
            certificate_id: crate::emulator::oauth2::DEMO_CERTIFICATE_ID.into(),
            private_key: crate::emulator::oauth2::demo_private_key(),
            timeout: cx.shared.timeout,
            base_url: Some(base),
        };
        cx.command(Command::M2m(M2mCommand::Upload {
            settings: Box::new(settings),
            certificate_pem: g.certificate_pem.clone(),
        }));
    }

    /// The live test: every value present, then the connection test (token request, decoded
    /// claims, the REST and RESTlet probes with Bearer) on the results screen.
    fn test(&mut self, cx: &mut Cx) {
        if self.busy.is_some() {
            return;
        }
        if let Some((step, text)) = self.missing(cx.shared) {
            cx.shared.notice = Some(Note::new(NoteKind::Error, text));
            if step != self.step {
                cx.go(Nav::Go(Screen::M2m(step)));
            }
            return;
        }
        cx.go(Nav::StartTest(Screen::M2m(self.step)));
    }

    /// The connection test's settings for the typed values, once a key exists.
    pub fn settings(&self, shared: &Shared) -> Option<crate::check::Settings> {
        let g = self.generated.as_ref()?;
        let creds = crate::netsuite::oauth2::M2mCredentials {
            client_id: Secret::new(self.client_id.value().trim().to_string()),
            certificate_id: self.certificate_id.value().trim().to_string(),
            private_key: g.key.clone(),
            key_file: Some(std::path::PathBuf::from(&g.key_file)),
            certificate: Some(g.certificate_pem.clone().into_bytes()),
            ..Default::default()
        };
        let mut s = crate::check::Settings::new(shared.value(FieldId::Account).trim(), creds);
        s.apis = vec![crate::check::Api::Rest, crate::check::Api::Restlet];
        s.base_url = shared.base_url.clone();
        s.timeout = shared.timeout;
        Some(s)
    }

    /// The save prompt for the M2M values (saved as an `m2m` profile: key in the secret store,
    /// certificate beside it), or why they cannot be saved yet.
    pub fn save_prompt(
        &self,
        shared: &Shared,
    ) -> Result<super::profiles::SavePrompt, (usize, Note)> {
        let cannot = |text: String| {
            (
                0,
                Note::new(NoteKind::Error, format!("Cannot save yet: {text}")),
            )
        };
        if let Some((_, text)) = self.missing(shared) {
            return Err(cannot(text));
        }
        let settings = self
            .settings(shared)
            .ok_or_else(|| cannot("press F3 on step 4 to generate the key first.".into()))?;
        // Not the loaded profile's name: that is a TBA profile the M2M values would replace.
        let suggestion = crate::netsuite::AccountId::parse(shared.value(FieldId::Account))
            .map(|a| format!("{}-m2m", a.slug()))
            .unwrap_or_default();
        let mut name = crate::tui::field::TextField::free(false);
        name.set(suggestion);
        Ok(super::profiles::SavePrompt {
            name,
            then_quit: false,
            settings: Some(Box::new(settings)),
        })
    }

    /// The first value the test lacks: its step and what to do.
    fn missing(&self, shared: &Shared) -> Option<(usize, String)> {
        let account = shared.value(FieldId::Account).trim();
        if let Err(e) = crate::netsuite::AccountId::parse(account) {
            return Some((1, format!("Account ID: {e}")));
        }
        if self.client_id.value().trim().is_empty() {
            return Some((
                1,
                "Client ID is empty: paste it from the integration record (step 2).".into(),
            ));
        }
        if self.generated.is_none() {
            return Some((
                3,
                "No key yet: press F3 on step 4 to generate the key and certificate.".into(),
            ));
        }
        if self.certificate_id.value().trim().is_empty() {
            return Some((
                4,
                "Certificate ID is empty: copy it from the M2M Setup list (step 5).".into(),
            ));
        }
        None
    }

    /// A background job finished.
    pub fn on_event(&mut self, ev: M2mEvent, shared: &mut Shared) {
        self.busy = None;
        match ev {
            M2mEvent::Generated(Ok(g)) => {
                shared.note(
                    NoteKind::Info,
                    format!(
                        "Key and certificate written to {}. Upload {} in NetSuite (step 5).",
                        g.dir, g.cert_file
                    ),
                );
                self.generated = Some(*g);
                self.certificate_id = Input::default();
            }
            M2mEvent::Generated(Err(e)) => shared.note(NoteKind::Error, e),
            M2mEvent::Uploaded(Ok(id)) => {
                shared.note(
                    NoteKind::Info,
                    format!("Uploaded (demo): Certificate ID {id} filled in on step 5."),
                );
                self.certificate_id = Input::new(id);
            }
            M2mEvent::Uploaded(Err(e)) => shared.note(NoteKind::Error, e),
        }
    }

    /// The keys every step page handles alike (see [`super::oauth2_step::page_key`]).
    fn page_key(&mut self, action: Action, cx: &mut Cx) -> bool {
        let fields = self.fields().len();
        let mut page = super::oauth2_step::Page {
            row: &mut self.row,
            focus: &mut self.focus,
            ticked: &mut self.ticked[self.step],
            scroll: &mut self.scroll,
        };
        super::oauth2_step::page_key(&STEPS[self.step], &mut page, fields, action, cx)
    }

    fn jump(&self, key: KeyEvent, cx: &mut Cx) {
        if let KeyCode::Char(c) = key.code
            && let Some(d) = c.to_digit(10)
            && (1..=STEPS.len()).contains(&(d as usize))
        {
            cx.go(Nav::Go(Screen::M2m(d as usize - 1)));
        }
    }
}

impl Component for M2mWizard {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        let n = self.fields().len();
        if self.editing().is_some() {
            out.push(Context::Editing);
        } else {
            out.push(Context::Browsing);
        }
        match STEPS[self.step].kind {
            StepKind::Key => {
                out.push(Context::M2mKey);
                if shared.demo.is_some() {
                    out.push(Context::M2mDemo);
                }
            }
            StepKind::Mapping => out.push(Context::M2mTest),
            _ => {}
        }
        super::oauth2_step::page_contexts(&STEPS[self.step], self.focus, n, out);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            if let Some(f) = self.editing() {
                self.edit(f, key, cx.shared);
            }
            return Handled::Consumed;
        };
        if self.page_key(action, cx) {
            return Handled::Consumed;
        }
        match action {
            Action::Next => self.next(cx),
            Action::Back => cx.go(Nav::Go(if self.step == 0 {
                Screen::Start
            } else {
                Screen::M2m(self.step - 1)
            })),
            Action::JumpStep => self.jump(key, cx),
            Action::GenerateKey => self.generate(cx),
            Action::UploadCertificate => self.demo_upload(cx),
            Action::Rerun => self.test(cx),
            Action::Copy => {
                let path = STEPS[self.step].path.to_string();
                let c = cx.shared.copy(&format!("the menu path {path}"), path);
                cx.command(c);
            }
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, cx: &mut Cx) -> Handled {
        self.paste(text, cx.shared);
        Handled::Consumed
    }
}
