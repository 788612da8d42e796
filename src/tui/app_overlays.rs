//! The app's answers to background results for an overlay: the automatic token's and the legacy
//! issuetoken's (a closed overlay's late answer is dropped); and the migration's, whose screen
//! follows the item the wizard moved to.

use super::app::{App, FlowState, Screen};
use super::components::Layer;
use super::components::migrate_task::MigrateEvent;
use super::message::Command;

impl App {
    /// A migration task answered.
    pub(super) fn on_migrate(&mut self, ev: MigrateEvent) -> Option<Command> {
        let out = self.migrate.on_event(ev, &mut self.shared);
        if let Screen::Migrate(_) = self.screen {
            self.screen = Screen::Migrate(self.migrate.item);
        }
        out
    }

    /// The issuetoken answer for the overlay that asked (a closed one's is dropped).
    pub(super) fn on_issue_done(
        &mut self,
        id: u64,
        result: Result<crate::netsuite::flow::IssuedToken, super::components::issue::IssueProblem>,
    ) {
        let Some(i) = self
            .overlays
            .iter()
            .position(|l| matches!(l, Layer::Issue(f) if f.id == id))
        else {
            return;
        };
        let Layer::Issue(form) = &mut self.overlays[i] else {
            return;
        };
        if form.on_done(result, &mut self.shared) {
            self.overlays.remove(i);
        }
    }

    pub(super) fn flow_mut_index(&self, id: u64) -> Option<usize> {
        self.overlays
            .iter()
            .position(|l| matches!(l, Layer::Flow(f) if f.id == id))
    }

    pub(super) fn flow_mut(&mut self, id: u64) -> Option<&mut FlowState> {
        let i = self.flow_mut_index(id)?;
        match &mut self.overlays[i] {
            Layer::Flow(f) => Some(f),
            _ => None,
        }
    }
}
