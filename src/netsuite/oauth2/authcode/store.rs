//! Where a login's refresh token lives between runs, behind a small trait so the profile store
//! plugs in (an `authcode` profile keeps it in the secret store). A public client's refresh
//! token is single use: the rotated one must be saved *before* the new access token is used, and
//! two processes must not refresh at once (the loser would present a used token and break the
//! chain), so a store also hands out an exclusive lock held from reading the token to saving the
//! rotated one.

use std::sync::Arc;

use crate::Secret;

use super::validity::RefreshValidity;

/// What is saved after a login or a refresh.
#[derive(Clone, PartialEq, Eq)]
pub struct SavedGrant {
    /// The current refresh token.
    pub refresh_token: Secret,
    /// Its validity.
    pub validity: RefreshValidity,
}

impl std::fmt::Debug for SavedGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SavedGrant")
            .field("refresh_token", &"<redacted>")
            .field("validity", &self.validity)
            .finish()
    }
}

/// An exclusive lock on a store; released when dropped.
pub type StoreLock = Box<dyn Send + Sync>;

/// Persistence of one login's refresh token.
pub trait RefreshStore: Send + Sync {
    /// Takes the exclusive lock, waiting for another holder (bounded by the implementation).
    fn lock(&self) -> Result<StoreLock, String>;
    /// The saved grant, if any (read while holding the lock, so it is the latest).
    fn load(&self) -> Result<Option<SavedGrant>, String>;
    /// Saves `grant`, replacing the previous one (durably, before returning).
    fn save(&self, grant: &SavedGrant) -> Result<(), String>;
}

/// A shared store handle that credentials can carry (compares equal to any other: it is where
/// the values go, not a value).
#[derive(Clone)]
pub struct StoreHandle(pub Arc<dyn RefreshStore>);

impl std::fmt::Debug for StoreHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreHandle")
    }
}

impl PartialEq for StoreHandle {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for StoreHandle {}

/// A store in memory (tests, and a run without a profile: rotation is kept for the run only).
#[derive(Default)]
pub struct MemoryStore {
    grant: std::sync::Mutex<Option<SavedGrant>>,
    lock: Arc<tokio::sync::Mutex<()>>,
}

impl MemoryStore {
    /// A store holding `grant`.
    pub fn new(grant: Option<SavedGrant>) -> MemoryStore {
        MemoryStore {
            grant: std::sync::Mutex::new(grant),
            lock: Arc::default(),
        }
    }
}

impl RefreshStore for MemoryStore {
    fn lock(&self) -> Result<StoreLock, String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        loop {
            if let Ok(g) = self.lock.clone().try_lock_owned() {
                return Ok(Box::new(g));
            }
            if std::time::Instant::now() >= deadline {
                return Err("another refresh holds the lock".into());
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    fn load(&self) -> Result<Option<SavedGrant>, String> {
        Ok(self.grant.lock().map_err(|_| "poisoned")?.clone())
    }

    fn save(&self, grant: &SavedGrant) -> Result<(), String> {
        *self.grant.lock().map_err(|_| "poisoned")? = Some(grant.clone());
        Ok(())
    }
}

/// Rules the mutation run found untested: each test names the requirement a mutant broke.
#[cfg(test)]
mod mutation_tests {
    use super::*;

    fn grant(token: &str) -> SavedGrant {
        SavedGrant {
            refresh_token: Secret::from(token),
            validity: RefreshValidity::new(true, 0),
        }
    }

    /// A memory store gives back what was saved last, and nothing before the first save.
    #[test]
    fn memory_store_keeps_the_last_saved_grant() {
        let s = MemoryStore::default();
        assert_eq!(s.load().unwrap(), None);
        s.save(&grant("rt-1")).unwrap();
        s.save(&grant("rt-2")).unwrap();
        assert_eq!(s.load().unwrap(), Some(grant("rt-2")));
        assert_eq!(
            MemoryStore::new(Some(grant("rt-0"))).load().unwrap(),
            Some(grant("rt-0"))
        );
    }

    /// The lock is exclusive, and a second taker waits for the holder instead of failing.
    #[test]
    fn the_lock_is_exclusive_and_waits_for_the_holder() {
        let s = Arc::new(MemoryStore::default());
        let held = s.lock().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let s = Arc::clone(&s);
            std::thread::spawn(move || {
                let got = s.lock().map(|_| ());
                tx.send(got).unwrap();
            })
        };
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(100))
                .is_err(),
            "the second lock must wait while the first is held"
        );
        drop(held);
        assert_eq!(
            rx.recv_timeout(std::time::Duration::from_secs(5)).unwrap(),
            Ok(())
        );
        waiter.join().unwrap();
    }

    /// `Debug` never shows the refresh token (of a grant, or through a store handle).
    #[test]
    fn debug_hides_the_refresh_token() {
        let d = format!("{:?}", grant("rt-secret-0123456789"));
        assert!(!d.contains("rt-secret"), "{d}");
        assert!(d.contains("validity"), "{d}");
        let h = StoreHandle(Arc::new(MemoryStore::new(Some(grant(
            "rt-secret-0123456789",
        )))));
        assert_eq!(format!("{h:?}"), "StoreHandle");
        assert_eq!(h, h.clone(), "a handle is where values go, not a value");
    }
}
