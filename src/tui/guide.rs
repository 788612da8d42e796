//! The setup guide's content (steps, menu paths, checklists, warnings, the Login Audit Trail
//! recipe), parsed once from `assets/setup-guide.toml`. View code only reads it; wording changes are
//! data changes.

use std::sync::OnceLock;

use serde::Deserialize;

use super::field::FieldId;
use crate::check::Api;

const SOURCE: &str = include_str!("../../assets/setup-guide.toml");

/// The whole guide.
#[derive(Debug, Deserialize)]
pub struct Guide {
    /// One honest line about the TBA end of life.
    pub deprecation: String,
    /// The setup steps, in order.
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
    /// The Login Audit Trail recipe shown by the translator.
    pub translator: Translator,
    /// Sentences around the guide.
    pub text: Texts,
}

/// Sentences of the start screen, the credentials form and the results.
#[derive(Debug, Deserialize)]
pub struct Texts {
    /// Start screen headline.
    pub start_title: String,
    /// Start screen hint.
    pub start_hint: String,
    /// The three start choices: guided setup, test existing credentials, troubleshoot.
    pub choices: [String; 3],
    /// Credentials form title.
    pub form_title: String,
    /// Credentials form intro.
    pub form_intro: String,
    /// Every check passed.
    pub passed: String,
    /// What to do after a pass.
    pub passed_next: String,
    /// The same after an OAuth 2.0 run (a key or a client secret, not four values).
    pub passed_next_oauth2: String,
    /// Passed, with warnings or notes listed below.
    pub passed_with_notes: String,
    /// The user cancelled the run.
    pub cancelled: String,
    /// A failed run without diagnoses.
    pub no_diagnosis: String,
    /// Title of the automatic token (authorization flow) overlay.
    pub flow_title: String,
    /// What the integration record needs; `{callback}` is replaced by the callback URL.
    pub flow_intro: String,
    /// The paste hint; `{callback}` as above.
    pub flow_paste: String,
    /// Shown once the flow filled in the token.
    pub flow_done: String,
}

/// One screen of the guided setup.
#[derive(Debug, Deserialize)]
pub struct Step {
    /// Screen title.
    pub title: String,
    /// NetSuite menu path.
    pub menu: String,
    /// Global-search shortcut (`page:tokens`), empty when there is none.
    pub search: String,
    /// The NetSuite page of this step, as a path on the account's UI host (o opens it).
    #[serde(default)]
    pub page: String,
    /// One or two sentences above the checklist.
    pub intro: String,
    /// Credential fields pasted on this step.
    pub fields: Vec<FieldId>,
    /// What to tick in NetSuite.
    pub items: Vec<Item>,
    /// Warnings shown at the moment they matter.
    pub warnings: Vec<Item>,
}

/// A checklist item or warning, optionally limited to some interfaces.
#[derive(Debug, Deserialize)]
pub struct Item {
    /// The text.
    pub text: String,
    /// Shown only when one of these interfaces is selected (empty: always).
    #[serde(default)]
    pub apis: Vec<ApiName>,
}

/// An interface name as written in the asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiName {
    /// REST web services.
    Rest,
    /// SOAP web services.
    Soap,
    /// RESTlets.
    Restlet,
}

impl ApiName {
    /// The core's [`Api`].
    pub fn api(self) -> Api {
        match self {
            ApiName::Rest => Api::Rest,
            ApiName::Soap => Api::Soap,
            ApiName::Restlet => Api::Restlet,
        }
    }
}

impl Item {
    /// True when the item applies to the selected interfaces.
    pub fn applies(&self, apis: &[Api]) -> bool {
        self.apis.is_empty() || self.apis.iter().any(|a| apis.contains(&a.api()))
    }
}

/// The Login Audit Trail translator's instructions.
#[derive(Debug, Deserialize)]
pub struct Translator {
    /// Screen title.
    pub title: String,
    /// Why this matters.
    pub intro: String,
    /// Menu path to the audit trail (no page address is documented, so there is none to open).
    pub menu: String,
    /// Numbered steps to show the Detail column.
    pub steps: Vec<String>,
}

/// The embedded guide, parsed on first use. The asset is compiled in and covered by a unit test, so
/// a parse failure is a build defect, not user input.
pub fn guide() -> &'static Guide {
    static GUIDE: OnceLock<Guide> = OnceLock::new();
    GUIDE.get_or_init(|| parse(SOURCE).expect("assets/setup-guide.toml is valid (unit-tested)"))
}

/// Parses a guide document.
pub fn parse(source: &str) -> Result<Guide, toml::de::Error> {
    toml::from_str(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_guide_parses_with_six_steps() {
        let g = parse(SOURCE).unwrap();
        assert_eq!(g.steps.len(), 6);
        assert_eq!(g.steps[1].search, "page:integrations");
        assert_eq!(
            g.steps[1].fields,
            vec![FieldId::ConsumerKey, FieldId::ConsumerSecret]
        );
        assert_eq!(
            g.steps[4].fields,
            vec![FieldId::TokenId, FieldId::TokenSecret]
        );
        assert_eq!(g.steps[5].fields, vec![FieldId::Account]);
        assert!(g.deprecation.contains("2027.1"));
        assert!(!g.translator.steps.is_empty());
        assert!(g.text.choices[0].contains("step by step"));
    }

    #[test]
    fn items_filter_by_interface() {
        let g = guide();
        let rest_only: Vec<_> = g.steps[2]
            .items
            .iter()
            .filter(|i| i.applies(&[Api::Rest]))
            .collect();
        assert!(
            rest_only
                .iter()
                .any(|i| i.text.contains("REST Web Services"))
        );
        assert!(!rest_only.iter().any(|i| i.text.contains("SOAP")));
        let soap: Vec<_> = g.steps[2]
            .items
            .iter()
            .filter(|i| i.applies(&[Api::Soap]))
            .collect();
        assert!(soap.iter().any(|i| i.text.contains("SOAP Web Services")));
    }

    #[test]
    fn bad_document_is_an_error() {
        assert!(parse("deprecation = 1").is_err());
    }
}
