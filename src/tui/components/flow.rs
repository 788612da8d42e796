//! The automatic token overlay (three-step authorization flow): starting, waiting for the consent
//! (a redirected address can be pasted), or the failure with its fix.

use crossterm::event::KeyEvent;

use super::{Component, Cx, Handled, Nav, Shared};
use crate::tui::field::{FieldId, Note, NoteKind, TextField};
use crate::tui::flow::{self, FlowId, FlowProblem, FlowStarted, FlowToken};
use crate::tui::guide::guide;
use crate::tui::keymap::{Action, Context};
use crate::tui::message::Command;

/// Where the automatic token flow is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowPhase {
    /// Asking NetSuite for a request token.
    Starting,
    /// Waiting for the consent in a browser (or a pasted address).
    Waiting(FlowStarted),
    /// Stopped: the cause and the fix lines.
    Failed(FlowProblem, Vec<String>),
}

/// State of the automatic token overlay.
#[derive(Debug)]
pub struct FlowState {
    /// The flow whose results are accepted.
    pub id: FlowId,
    /// Where it is.
    pub phase: FlowPhase,
    /// The redirected address pasted by hand.
    pub paste: TextField,
}

impl FlowState {
    /// A flow that is starting.
    pub fn new(id: FlowId) -> Self {
        FlowState {
            id,
            phase: FlowPhase::Starting,
            paste: TextField::free(false),
        }
    }

    fn waiting(&self) -> bool {
        matches!(self.phase, FlowPhase::Waiting(_))
    }

    /// The flow reached the browser step, or failed before it.
    pub fn on_started(&mut self, result: Result<FlowStarted, FlowProblem>) {
        self.phase = match result {
            Ok(started) => FlowPhase::Waiting(started),
            Err(p) => {
                let lines = flow::fix_lines(&p);
                FlowPhase::Failed(p, lines)
            }
        };
    }

    /// The flow ended: a token fills the token fields and closes the overlay (true).
    pub fn on_done(&mut self, result: Result<FlowToken, FlowProblem>, shared: &mut Shared) -> bool {
        match result {
            Ok(token) => {
                shared
                    .field_mut(FieldId::TokenId)
                    .set(token.token_id.expose());
                shared
                    .field_mut(FieldId::TokenSecret)
                    .set(token.token_secret.expose());
                for id in [FieldId::TokenId, FieldId::TokenSecret] {
                    shared.field_mut(id).revealed = false;
                }
                shared.credentials_edited();
                shared.notice = Some(Note::new(NoteKind::Info, guide().text.flow_done.clone()));
                true
            }
            Err(p) => {
                let lines = flow::fix_lines(&p);
                self.phase = FlowPhase::Failed(p, lines);
                false
            }
        }
    }

    /// Enter: hand the pasted address to the waiting flow.
    fn submit(&mut self, cx: &mut Cx) {
        if !self.waiting() {
            return;
        }
        let text = self.paste.value().trim().to_string();
        if text.is_empty() {
            self.paste.note = Some(Note::new(
                NoteKind::Error,
                "Paste the address the browser was redirected to first.",
            ));
            return;
        }
        // A wrong paste (the consent address, some other URL) must not end the flow.
        if !text.contains("oauth_token=") {
            self.paste.note = Some(Note::new(
                NoteKind::Error,
                "Not the redirected address: it starts with the callback URL and holds oauth_token=…&oauth_verifier=…",
            ));
            return;
        }
        self.paste.set(String::new());
        cx.command(Command::PasteFlow(text));
    }

    /// Esc: stop the flow (if it still runs) and close.
    fn cancel(&mut self, cx: &mut Cx) {
        cx.go(Nav::Pop);
        if !matches!(self.phase, FlowPhase::Failed(..)) {
            cx.shared.note(NoteKind::Info, "Automatic token cancelled.");
            cx.command(Command::CancelFlow);
        }
    }
}

impl Component for FlowState {
    fn contexts(&self, shared: &Shared, out: &mut Vec<Context>) {
        out.push(Context::Flow);
        if self.waiting() {
            out.push(Context::FlowWaiting);
            if shared.demo.is_some() {
                out.push(Context::FlowDemo);
            }
        }
    }

    fn handle_key(&mut self, key: KeyEvent, action: Option<Action>, cx: &mut Cx) -> Handled {
        match action {
            Some(Action::Next) => self.submit(cx),
            Some(Action::Cancel) => self.cancel(cx),
            Some(Action::Copy) => {
                if let FlowPhase::Waiting(st) = &self.phase {
                    cx.command(Command::Copy(st.authorize_url.clone()));
                    cx.shared.note(
                        NoteKind::Info,
                        "Copied the consent address (through the terminal; if nothing arrives, select it instead).",
                    );
                }
            }
            Some(Action::SimulateAllow) => {
                if let FlowPhase::Waiting(st) = &self.phase {
                    cx.command(Command::SimulateAllow(st.authorize_url.clone()));
                }
            }
            Some(_) => {}
            None => {
                if self.paste.handle_key(key) {
                    self.paste.note = None;
                }
            }
        }
        Handled::Consumed
    }

    fn handle_paste(&mut self, text: &str, _cx: &mut Cx) -> Handled {
        self.paste.paste(text);
        // Keep only a refusal (too long); the account-id judgement does not apply here.
        if self
            .paste
            .note
            .as_ref()
            .is_some_and(|n| n.kind != NoteKind::Error)
        {
            self.paste.note = None;
        }
        Handled::Consumed
    }
}
