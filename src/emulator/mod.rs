//! A local NetSuite stand-in (HTTP server) that verifies TBA signatures and plays failure scenarios.
