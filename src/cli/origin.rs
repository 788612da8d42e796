//! `--base-url` and `--allow-insecure-http`: the two flags every command that talks to NetSuite
//! shares, parsed in one place so each command refuses a cleartext origin the same way.

use clap::Args;

use super::error::CliError;
use super::test::parse_base_url;

/// Where the NetSuite calls go, when not to the account's real hosts.
#[derive(Debug, Clone, Default, Args)]
pub struct OriginArgs {
    /// Send every NetSuite call to this origin (emulator, proxy).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Allow a cleartext http:// --base-url to a host that is not loopback (secrets and tokens
    /// would cross the network readable by anyone on the path).
    #[arg(long)]
    pub allow_insecure_http: bool,
}

impl OriginArgs {
    /// The checked `--base-url`, or `None` for the account's own hosts.
    pub fn base_url(&self) -> Result<Option<String>, CliError> {
        self.base_url
            .as_deref()
            .map(|u| parse_base_url(u, self.allow_insecure_http))
            .transpose()
    }

    /// Whether the calls go over cleartext http to a host that is not loopback (the output then
    /// says a secret crossed the network in the clear).
    pub fn cleartext(&self) -> bool {
        self.base_url
            .as_deref()
            .and_then(|b| url::Url::parse(b).ok())
            .is_some_and(|u| super::test::is_cleartext(&u))
    }
}

/// `text` with ` --base-url BASE` added to each `nstba …` command in it: a whole line that is
/// one, or each one in backticks. Commands that send nothing (`nstba cert generate`,
/// `nstba explain`), and the bare name `nstba migrate`, take no `--base-url` and are left alone.
pub fn with_base(text: &str, base: Option<&str>) -> String {
    let Some(base) = base else {
        return text.to_string();
    };
    let add = |cmd: &str| {
        // `nstba migrate` alone cannot run (it needs `--from`): it names the command, so it
        // stays as written.
        let offline = ["nstba cert generate", "nstba explain"]
            .iter()
            .any(|o| cmd.starts_with(o))
            || cmd.trim() == "nstba migrate";
        if cmd.starts_with("nstba ") && !offline && !cmd.contains("--base-url") {
            format!("{cmd} --base-url {base}")
        } else {
            cmd.to_string()
        }
    };
    if !text.contains('`') {
        return add(text);
    }
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                add(part)
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str, allow: bool) -> OriginArgs {
        OriginArgs {
            base_url: Some(url.to_string()),
            allow_insecure_http: allow,
        }
    }

    #[test]
    fn loopback_http_is_accepted_and_not_cleartext() {
        let o = origin("http://127.0.0.1:9", false);
        assert_eq!(o.base_url().unwrap().as_deref(), Some("http://127.0.0.1:9"));
        assert!(!o.cleartext(), "loopback never crosses a network");
    }

    #[test]
    fn remote_http_needs_the_flag() {
        let err = origin("http://example.com", false).base_url().unwrap_err();
        assert!(err.to_string().contains("--base-url"), "{err}");
        let allowed = origin("http://example.com", true);
        assert!(allowed.base_url().is_ok());
        assert!(allowed.cleartext());
        assert!(!origin("https://example.com", false).cleartext());
    }

    #[test]
    fn commands_in_text_keep_the_origin_except_offline_ones_and_bare_names() {
        let b = Some("http://127.0.0.1:9");
        assert_eq!(
            with_base(
                "run `nstba migrate --from sb`; `nstba migrate` guides it",
                b
            ),
            "run `nstba migrate --from sb --base-url http://127.0.0.1:9`; `nstba migrate` guides it"
        );
        assert_eq!(
            with_base("`nstba explain X` or `nstba cert generate`", b),
            "`nstba explain X` or `nstba cert generate`"
        );
        assert_eq!(
            with_base("nstba test --profile p", b),
            "nstba test --profile p --base-url http://127.0.0.1:9"
        );
        assert_eq!(with_base("`nstba test`", None), "`nstba test`");
    }

    #[test]
    fn absent_means_the_real_hosts() {
        let o = OriginArgs::default();
        assert_eq!(o.base_url().unwrap(), None);
        assert!(!o.cleartext());
    }
}
