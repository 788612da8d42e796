//! "Move this connection to OAuth 2.0": the eight checklist items of issue #16 as one screen
//! each, over the same progress file and step engine as `nstba migrate`
//! ([`crate::migrate::steps`]), so the wizard and the CLI resume each other's migration. Enter
//! checks the item live where it can be (a task: [`super::migrate_task`]); its failure shows its
//! own diagnosis and fix. Opened from the start screen or from a TBA profile's results (`m`).
//! The key item offers the upload with a saved authorization-code login (or a login made there);
//! the authorization-code target logs in on item 6 (F3; in the demo F4 Allow, F9 Deny).
//! Handlers never do I/O.

use crossterm::event::{KeyCode, KeyEvent};
use tui_input::{Input, InputRequest};

use super::migrate_rows::{self, Choice, Ticks};
use super::migrate_task::{LoginJob, MigrateCommand, MigrateEvent, Outcome, StepJob};
use super::{Component, Cx, Handled, Nav, Shared};
use crate::authflow::cert_rotation::RotationSettings;
use crate::migrate::Item;
use crate::migrate::state::MigrationState;
use crate::migrate::steps::Decisions;
use crate::tui::app::Screen;
use crate::tui::field::NoteKind;
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// State of the migration screens.
#[derive(Debug, Default)]
pub struct MigrateWizard {
    /// The item shown (0-based, checklist order).
    pub item: usize,
    /// The migration's progress, once opened (a mirror of the saved file).
    pub state: Option<MigrationState>,
    /// The TBA profile's interfaces.
    pub apis: Vec<crate::check::Api>,
    /// A task is out (opening, or checking an item).
    pub busy: bool,
    /// The last outcome of each item this session, by item index.
    pub outcomes: Vec<Option<Outcome>>,
    /// The TBA test after the last step: passed, failed, not run yet.
    pub tba_ok: Option<bool>,
    /// Cursor in the item's choices.
    pub row: usize,
    /// What was ticked on the screens.
    pub ticks: Ticks,
    /// The Certificate ID field (key item) has focus.
    pub editing: bool,
    certificate_id: Input,
    /// Why the migration could not be opened or a step not run.
    pub problem: Option<String>,
    /// The saved TBA profiles (the inventory item lists them: only they can be moved).
    pub tba_profiles: Vec<String>,
    /// The authorization-code logins of the account (the key item can upload with one).
    pub logins: Vec<String>,
    /// The item the login under way is for.
    login_for: Option<Item>,
    /// The page's first line when scrolled with PgUp/PgDn; `None` keeps the cursor in view.
    pub scroll: Option<usize>,
    /// The first line drawn last (the view writes it: only a drawn page knows its length).
    pub shown_from: std::cell::Cell<usize>,
    /// The last first line a page of the drawn height can have (written by the view).
    pub scroll_max: std::cell::Cell<usize>,
    /// Lines one PgUp or PgDn moves: the drawn height less the "more" line and one line kept
    /// from the page before (written by the view; 0 before the first frame).
    pub scroll_page: std::cell::Cell<usize>,
}

/// The item at index `i`.
pub fn item_at(i: usize) -> Item {
    Item::all().nth(i).unwrap_or(Item::CutOver)
}

/// Opens the migration of saved TBA profile `from` (its progress, or a new one).
pub fn open(from: &str, cx: &mut Cx) {
    cx.command(Command::Migrate(MigrateCommand::Open { from: from.into() }));
    cx.go(Nav::Go(Screen::Migrate(0)));
}

/// The profile the start screen's choice moves: the one in use, else the last used, else the
/// first saved (the inventory item lists the others).
pub fn default_profile(shared: &Shared) -> Option<String> {
    shared
        .profile
        .clone()
        .or_else(|| shared.last_profile.clone())
        .or_else(|| shared.profiles.first().map(|p| p.name.clone()))
}

impl MigrateWizard {
    /// Shows item `i`.
    pub fn enter(&mut self, i: usize) {
        self.item = i.min(Item::all().count() - 1);
        self.row = 0;
        self.scroll = None;
        self.ticks.reopen = None;
        self.editing = false;
        if self.state.is_none() {
            self.busy = true;
        }
    }

    /// Lines a PgUp or PgDn moves.
    fn page(&self) -> usize {
        self.scroll_page.get().max(1)
    }

    /// The item on screen.
    pub fn current(&self) -> Item {
        item_at(self.item)
    }

    /// The outcome of the item on screen this session.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcomes.get(self.item).and_then(Option::as_ref)
    }

    /// The Certificate ID typed so far, and its cursor column.
    pub fn certificate_id(&self) -> (&str, usize) {
        (
            self.certificate_id.value(),
            self.certificate_id.visual_cursor(),
        )
    }

    /// The choice rows of the item on screen.
    pub fn rows(&self, shared: &Shared) -> Vec<Choice> {
        let _ = shared;
        migrate_rows::rows(
            self.current(),
            self.state.as_ref(),
            self.tba_profiles.len(),
            self.logins.len(),
        )
    }

    /// The names the choice rows of the item on screen refer to.
    pub fn row_names(&self) -> &[String] {
        if self.current() == Item::Key {
            &self.logins
        } else {
            &self.tba_profiles
        }
    }

    /// Item 6 of the authorization-code target: the login is done here (F3, or F4/F9 in the
    /// demo).
    pub fn logs_in_here(&self) -> bool {
        self.current() == Item::SideBySide
            && self
                .state
                .as_ref()
                .is_some_and(|s| s.target == crate::migrate::Target::Authcode)
    }

    /// Runs the login for the authorization-code target (`allow`: the demo's click).
    fn login(&mut self, cx: &mut Cx, allow: Option<bool>) {
        let Some(name) = self.state.as_ref().map(|s| s.to.clone()) else {
            return;
        };
        self.login_as(cx, allow, name, Item::SideBySide);
    }

    /// Runs a login saved as profile `name`, for `item` (the side-by-side item: the new profile;
    /// the key item: the login that uploads the certificate).
    fn login_as(&mut self, cx: &mut Cx, allow: Option<bool>, name: String, item: Item) {
        let Some(state) = self.state.clone() else {
            return;
        };
        if self.busy {
            return;
        }
        let demo = cx.shared.demo.is_some();
        self.login_for = Some(item);
        let job = LoginJob {
            state,
            name,
            item,
            demo: if demo {
                Some(allow.unwrap_or(true))
            } else {
                None
            },
            base_url: cx.shared.base_url.clone(),
            timeout: cx.shared.timeout,
        };
        self.busy = true;
        self.clear_outcome(self.item);
        cx.shared.note(
            NoteKind::Info,
            if demo {
                "Logging in (the demo plays the browser)…"
            } else {
                "Logging in: finish the login in the browser that opened…"
            },
        );
        cx.command(Command::Migrate(MigrateCommand::Login(Box::new(job))));
    }

    fn clear_outcome(&mut self, i: usize) {
        if let Some(o) = self.outcomes.get_mut(i) {
            *o = None;
        }
    }

    /// The check of `item` right after a login, with nothing asked.
    fn step_job(&self, shared: &Shared, item: Item) -> Option<Command> {
        let state = self.state.clone()?;
        Some(Command::Migrate(MigrateCommand::Step(Box::new(StepJob {
            state,
            item,
            decisions: Decisions::default(),
            generate: false,
            demo_upload: None,
            certificate_id: None,
            separate_client_id: None,
            base_url: shared.base_url.clone(),
            timeout: shared.timeout,
        }))))
    }

    /// The key item of an M2M migration (its field, F3 and F4); authorization code skips it.
    fn has_field(&self) -> bool {
        self.current() == Item::Key
            && self
                .state
                .as_ref()
                .is_none_or(|s| s.target == crate::migrate::Target::M2m)
    }

    /// A task answered; once the new profile is saved, the profile list is read again.
    pub fn on_event(&mut self, ev: MigrateEvent, shared: &mut Shared) -> Option<Command> {
        self.busy = false;
        let mut out = None;
        match ev {
            MigrateEvent::Opened(Ok(o)) => {
                let next = o
                    .state
                    .next()
                    .map_or(Item::all().count() - 1, |n| n.number() - 1);
                if o.state.done_count() > 0 {
                    shared.note(
                        NoteKind::Info,
                        format!(
                            "Resumed the migration of {} at item {} ({} of 8 done).",
                            o.state.from,
                            next + 1,
                            o.state.done_count()
                        ),
                    );
                }
                if self.state.as_ref().is_some_and(|s| s.from != o.state.from) {
                    self.ticks = Ticks::default();
                }
                self.state = Some(o.state);
                self.apis = o.apis;
                self.tba_profiles = o.tba_profiles;
                self.logins = o.logins;
                self.outcomes = vec![None; Item::all().count()];
                self.problem = None;
                self.enter(next);
            }
            MigrateEvent::Opened(Err(e))
            | MigrateEvent::Stepped(Err(e))
            | MigrateEvent::LoggedIn(Err(e)) => {
                self.problem = Some(crate::redact::sanitize(&e, 300));
                self.login_for = None;
            }
            MigrateEvent::LoggedIn(Ok(name)) => {
                self.problem = None;
                self.busy = true;
                out = if self.login_for.take() == Some(Item::Key) {
                    shared.note(
                        NoteKind::Info,
                        format!(
                            "Logged in, saved as profile {name}; uploading the certificate with it…"
                        ),
                    );
                    if !self.logins.contains(&name) {
                        self.logins.push(name.clone());
                    }
                    if let Some(st) = self.state.as_mut() {
                        st.upload_login = None;
                        migrate_rows::choose_login(st, &name, crate::profile::clock::now_unix());
                    }
                    self.step_job(shared, Item::Key)
                } else {
                    shared.note(
                        NoteKind::Info,
                        format!(
                            "Logged in, saved as profile {name}; comparing it with the TBA token…"
                        ),
                    );
                    self.step_job(shared, Item::SideBySide)
                };
            }
            MigrateEvent::Stepped(Ok(s)) => {
                let i = s.item.number() - 1;
                if self.outcomes.len() < Item::all().count() {
                    self.outcomes = vec![None; Item::all().count()];
                }
                let done = matches!(s.outcome, Outcome::Done(..));
                if done && s.item == Item::SideBySide {
                    out = Some(Command::ListProfiles);
                }
                self.outcomes[i] = Some(s.outcome);
                // An item the step sent back to "to do" shows no old outcome.
                for (j, o) in self.outcomes.iter_mut().enumerate() {
                    if j != i && s.state.item(item_at(j)).status == crate::migrate::Status::Pending
                    {
                        *o = None;
                    }
                }
                if s.tba_ok.is_some() {
                    self.tba_ok = s.tba_ok;
                }
                self.state = Some(s.state);
                self.problem = None;
                if done && i == self.item && i + 1 < Item::all().count() {
                    shared.note(
                        NoteKind::Info,
                        format!("Item {} done. Enter checks item {}.", i + 1, i + 2),
                    );
                    // The done item's outcome stays readable with Esc.
                    self.enter(i + 1);
                } else if done && i + 1 == Item::all().count() {
                    shared.note(
                        NoteKind::Info,
                        "The migration is complete: 8 of 8 items done.",
                    );
                }
            }
        }
        out
    }

    /// Enter: checks the item on screen (live where it can be). On the key item F3 generates
    /// the key first, and F4 (demo) uploads the certificate through the rotation API first.
    fn check(&mut self, cx: &mut Cx, generate: bool, upload: bool) {
        if self.busy {
            return;
        }
        let Some(state) = self.state.clone() else {
            return;
        };
        let item = self.current();
        let t = self.ticks;
        let decisions = Decisions {
            confirmed: match item {
                Item::Record => t.record,
                Item::Role => t.role,
                _ => false,
            },
            sandbox_done: t.sandbox,
            monitored_ok: t.monitored,
            revoke: t.revoke == 2,
        };
        if upload && state.certificate_file.is_none() {
            cx.shared.note(
                NoteKind::Warn,
                "Press F3 first: there is no certificate to upload yet.",
            );
            return;
        }
        let demo_upload = (upload && cx.shared.demo.is_some())
            .then(|| demo_rotation(cx.shared))
            .flatten();
        let typed = self.certificate_id.value().trim().to_string();
        // Checked again: the old outcome goes (it may be of another scenario or answer).
        self.clear_outcome(self.item);
        let job = StepJob {
            state,
            item,
            decisions,
            generate,
            demo_upload,
            certificate_id: (!typed.is_empty()).then_some(typed),
            separate_client_id: None,
            base_url: cx.shared.base_url.clone(),
            timeout: cx.shared.timeout,
        };
        self.busy = true;
        cx.command(Command::Migrate(MigrateCommand::Step(Box::new(job))));
    }

    fn choose(&mut self, cx: &mut Cx) {
        let rows = self.rows(cx.shared);
        let Some(c) = rows.get(self.row).copied() else {
            return;
        };
        let now = crate::profile::clock::now_unix();
        let item = self.current();
        if c == migrate_rows::Choice::LoginToUpload {
            let name = self
                .state
                .as_ref()
                .map(|s| format!("{}-login", s.from))
                .unwrap_or_default();
            self.login_as(cx, Some(true), name, Item::Key);
            return;
        }
        if let migrate_rows::Choice::UploadWith(i) = c {
            if let (Some(st), Some(login)) = (self.state.as_mut(), self.logins.get(i)) {
                migrate_rows::choose_login(st, login, now);
            }
            return;
        }
        let chosen = migrate_rows::choose(c, item, self.state.as_mut(), &mut self.ticks, now);
        if self.ticks.reopen.is_some() {
            cx.shared.note(
                NoteKind::Warn,
                format!(
                    "The migration is complete: Space again on this choice reopens it from item {}; any other key leaves it as it is.",
                    item.number()
                ),
            );
        }
        if let Some(i) = chosen
            && let Some(p) = self.tba_profiles.get(i)
        {
            let name = p.clone();
            *self = MigrateWizard::default();
            open(&name, cx);
        }
    }

    fn edit(&mut self, key: KeyEvent) {
        let req = match key.code {
            KeyCode::Char(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return,
        };
        self.certificate_id.handle(req);
    }

    fn jump(&self, key: KeyEvent, cx: &mut Cx) {
        if let KeyCode::Char(c) = key.code
            && let Some(d) = c.to_digit(10)
            && (1..=Item::all().count()).contains(&(d as usize))
        {
            cx.go(Nav::Go(Screen::Migrate(d as usize - 1)));
        }
    }
}

/// Demo: the rotation API with the demo record's credentials (as the M2M path's F4).
fn demo_rotation(shared: &Shared) -> Option<Box<RotationSettings>> {
    Some(Box::new(RotationSettings {
        account: crate::emulator::demo::ACCOUNT.into(),
        client_id: crate::emulator::demo::credentials().consumer_key,
        certificate_id: crate::emulator::oauth2::DEMO_CERTIFICATE_ID.into(),
        private_key: crate::emulator::oauth2::demo_private_key(),
        timeout: shared.timeout,
        base_url: Some(shared.base_url.clone()?),
    }))
}

impl Component for MigrateWizard {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        // One of F3 and F4 at a time: a key is generated once, then its certificate uploaded.
        let key = self.state.as_ref().map(|s| s.key_file.is_some());
        if self.has_field() {
            match key {
                Some(false) => out.push(Context::M2mKey),
                Some(true) if shared.demo.is_some() => out.push(Context::M2mDemo),
                _ => {}
            }
        }
        if self.logs_in_here() && !self.busy {
            out.push(if shared.demo.is_some() {
                Context::AcDemo
            } else {
                Context::AcLogin
            });
        }
        if self.editing {
            out.push(Context::Editing);
        } else {
            out.push(Context::Browsing);
            out.push(Context::MigrateList);
        }
        out.push(Context::Migrate);
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        let Some(action) = action else {
            if self.editing {
                self.edit(key);
            }
            return Handled::Consumed;
        };
        match action {
            Action::Next | Action::Rerun => self.check(cx, false, false),
            Action::GenerateKey if self.has_field() => self.check(cx, true, false),
            Action::UploadCertificate if self.has_field() => self.check(cx, false, true),
            Action::StartFlow if self.logs_in_here() => self.login(cx, None),
            Action::SimulateAllow if self.logs_in_here() => self.login(cx, Some(true)),
            Action::SimulateDeny if self.logs_in_here() => self.login(cx, Some(false)),
            Action::Back if self.editing => self.editing = false,
            Action::Back => cx.go(Nav::Go(match self.item {
                0 => Screen::Start,
                i => Screen::Migrate(i - 1),
            })),
            // From the offset asked last (keys may come faster than frames), else the drawn one.
            Action::PageDown => {
                let from = self.scroll.unwrap_or(self.shown_from.get()) + self.page();
                self.scroll = Some(from.min(self.scroll_max.get()));
            }
            Action::PageUp => {
                let from = self.scroll.unwrap_or(self.shown_from.get());
                self.scroll = Some(from.saturating_sub(self.page()));
            }
            Action::Up | Action::Down => {
                // Moving in the list brings the cursor back into view.
                self.scroll = None;
                self.ticks.reopen = None;
                let n = self.rows(cx.shared).len();
                self.row = super::step(self.row, n, action == Action::Down);
            }
            Action::Toggle => self.choose(cx),
            Action::FocusNext | Action::FocusPrev if self.has_field() => {
                self.editing = !self.editing;
            }
            Action::JumpStep => self.jump(key, cx),
            Action::Edit if self.editing => self.certificate_id = Input::default(),
            _ => return Handled::Pass,
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        if self.editing {
            let clean: String = text
                .trim()
                .trim_matches(['"', '\''])
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .take(200)
                .collect();
            self.certificate_id = Input::new(clean);
        }
        Handled::Consumed
    }
}
