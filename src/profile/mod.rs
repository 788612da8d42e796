//! Saved profiles (TOML), secret storage (OS keychain or a 0600 file), redaction and the support report.
