//! The one integration test binary: every topic is a module here, so the crate (with axum, reqwest
//! and ratatui) is linked once instead of once per file. Shared helpers live in [`support`].

// Tests read as scripts of one scenario each and take fixtures by value: the crate's function
// length and pass-by-value lints are for the product code.
#![allow(clippy::too_many_lines, clippy::needless_pass_by_value)]

mod support;

mod authcode_bootstrap;
mod authcode_login;
mod cert_rotation;
mod check_faults;
mod check_faults_more;
mod check_scenarios;
mod cli_audit;
mod cli_many;
mod cli_sign;
mod cli_test;
mod cli_walk;
mod diagnosis_acceptance;
mod diagnosis_pins;
mod emulator_accounts;
mod emulator_lifecycle;
mod emulator_parser;
mod emulator_routes;
mod emulator_scenarios;
mod emulator_signing;
mod exit_codes;
mod flow_e2e;
mod hardening_cli;
mod hostile_server;
mod issuetoken;
mod m2m;
mod m2m_run;
mod migrate;
mod migrate_fixes;
mod migrate_login;
mod parallel_probes;
mod profile_cli;
mod profile_e2e;
mod profile_m2m;
mod profile_parse;
mod profile_report;
mod profile_store;
mod replay;
mod secrets_in_snapshots;
mod sign_vs_oauthlib;
mod signing_properties;
mod signing_vectors;
mod tui_admin;
mod tui_authcode;
mod tui_batch;
mod tui_finish;
mod tui_flow;
mod tui_help;
mod tui_lead_walk;
mod tui_m2m;
mod tui_migrate;
mod tui_migrate_fixes;
mod tui_migrate_login;
mod tui_migrate_pty;
mod tui_profile_kinds;
mod tui_profiles;
mod tui_pty;
mod tui_resilience;
mod tui_small;
mod tui_snapshots;
mod tui_update;
mod tui_walkthrough;
