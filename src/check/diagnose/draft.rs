//! Builds a [`Diagnosis`] from its words in the data: the rule names the code, the case
//! (variant) and the values for the placeholders; the words come from [`crate::check::text`].

use crate::check::code::DiagnosisCode;
use crate::check::model::{Cause, Confidence, Diagnosis, Fix, Severity};
use crate::check::text::{NextStep, fill, texts};

/// A diagnosis being built.
pub(super) struct Draft {
    code: DiagnosisCode,
    variant: Option<&'static str>,
    vars: Vec<(&'static str, String)>,
    title: Option<String>,
    fixes: Option<Vec<String>>,
    extra_fixes: Vec<String>,
    causes: Vec<Cause>,
    detail: Option<String>,
}

/// Starts a diagnosis of `code`.
pub(super) fn draft(code: DiagnosisCode) -> Draft {
    Draft {
        code,
        variant: None,
        vars: Vec::new(),
        title: None,
        fixes: None,
        extra_fixes: Vec::new(),
        causes: Vec::new(),
        detail: None,
    }
}

impl Draft {
    /// Uses the words of the `[diagnosis.CODE.variants.NAME]` case.
    pub(super) fn variant(mut self, name: &'static str) -> Draft {
        self.variant = Some(name);
        self
    }

    /// Uses `name` only when `when` holds.
    pub(super) fn variant_if(self, when: bool, name: &'static str) -> Draft {
        if when { self.variant(name) } else { self }
    }

    /// A value for the `{name}` placeholder.
    pub(super) fn var(mut self, name: &'static str, value: impl Into<String>) -> Draft {
        self.vars.push((name, value.into()));
        self
    }

    /// A title and fix steps from elsewhere (the code catalogue) instead of the data's.
    pub(super) fn words_from(mut self, title: String, fixes: Vec<String>) -> Draft {
        self.title = Some(title);
        self.fixes = Some(fixes);
        self
    }

    /// The ranked causes (rendered into `cause` after the entry's preamble).
    pub(super) fn causes(mut self, causes: Vec<Cause>) -> Draft {
        self.causes = causes;
        self
    }

    /// The Login Audit Trail Detail value the diagnosis was narrowed to.
    pub(super) fn detail(mut self, detail: Option<String>) -> Draft {
        self.detail = detail;
        self
    }

    /// Steps added after the data's own.
    pub(super) fn then_fix(mut self, steps: impl IntoIterator<Item = String>) -> Draft {
        self.extra_fixes.extend(steps);
        self
    }

    /// The finished diagnosis.
    pub(super) fn build(
        self,
        severity: Severity,
        confidence: Confidence,
        evidence: impl Into<String>,
    ) -> Diagnosis {
        let prose = texts().prose(self.code, self.variant);
        let vars: Vec<(&str, &str)> = self.vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let mut cause = fill(prose.cause, &vars);
        if !self.causes.is_empty() {
            cause = format!("{cause} {}", Cause::ranked(&self.causes));
        }
        let mut fix: Vec<Fix> = match self.fixes {
            Some(f) => f.into_iter().map(Fix::from).collect(),
            None => prose.fixes.iter().map(|t| step(t, &vars)).collect(),
        };
        fix.extend(self.extra_fixes.into_iter().map(Fix::from));
        Diagnosis {
            code: self.code,
            severity,
            confidence,
            title: self.title.unwrap_or_else(|| fill(prose.title, &vars)),
            cause,
            detail: self.detail,
            causes: self.causes,
            fix,
            evidence: evidence.into(),
        }
    }
}

/// One fix step from its template: `{next.NAME}` alone is an nstba action.
fn step(template: &str, vars: &[(&str, &str)]) -> Fix {
    template
        .strip_prefix("{next.")
        .and_then(|s| s.strip_suffix('}'))
        .and_then(NextStep::named)
        .map_or_else(|| Fix::from(fill(template, vars)), Fix::next)
}

/// One ranked cause from `[cause.NAME]`, filled with `vars`. None only if the data lacks it
/// (the unit tests make sure it does not).
pub(super) fn cause(name: &str, vars: &[(&str, &str)]) -> Option<Cause> {
    let c = texts().cause(name)?;
    Some(Cause {
        detail: c.detail.clone(),
        text: fill(&c.text, vars),
        fix: c.fix.iter().map(|f| fill(f, vars)).collect(),
        evidence: fill(&c.evidence, vars),
        confidence: Confidence::Possible,
    })
}

/// A named evidence wording, filled.
pub(super) fn evidence(name: &str, vars: &[(&str, &str)]) -> String {
    fill(texts().evidence(name), vars)
}

/// A named fragment, filled.
pub(super) fn fragment(name: &str, vars: &[(&str, &str)]) -> String {
    fill(texts().fragment(name), vars)
}
