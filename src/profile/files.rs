//! Reading and writing the store's files safely: a file is replaced by writing a private temporary
//! file in the same directory, syncing it and renaming it over the old one, so a crash or a full
//! disk leaves either the old or the new file, never half of one. New files are created mode 0600
//! from the first byte (no moment where another user could read them).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::{ProfileError, Result};

/// Creates the configuration directory (mode 0700 on Unix) if it does not exist.
pub(crate) fn ensure_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| ProfileError::io("create the directory", dir, e))
}

/// Reads a text file: `None` when it does not exist; a [`ProfileError::Corrupt`] naming the line when
/// it is binary (a NUL byte) or not UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<Option<String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ProfileError::io("read", path, e)),
    };
    decode_text(path, bytes).map(Some)
}

/// A file's bytes as text; a [`ProfileError::Corrupt`] naming `path` and the line when they are
/// not UTF-8 or hold a NUL byte (a binary file).
pub(crate) fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            return Err(ProfileError::corrupt_at(
                path,
                &valid,
                at,
                "this is not a text file (bytes that are not UTF-8)".into(),
            ));
        }
    };
    if let Some(at) = text.find('\0') {
        return Err(ProfileError::corrupt_at(
            path,
            &text,
            at,
            "this is not a text file (it contains a NUL byte)".into(),
        ));
    }
    Ok(text)
}

/// Replaces `path` with `contents` atomically (temp file in the same directory, fsync, rename,
/// fsync of the directory). The file ends up mode 0600 on Unix.
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    // A symlinked file (dotfiles kept in a repository) is updated where it points, so the link
    // survives; renaming over the link would silently replace it with a plain file.
    let target;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            target = std::fs::canonicalize(path)
                .map_err(|e| ProfileError::io("follow the link", path, e))?;
            target.as_path()
        }
        _ => path,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    ensure_dir(dir)?;
    // tempfile creates the file with O_EXCL and mode 0600, so it is private from the start.
    let mut tmp = tempfile::Builder::new()
        .prefix(".nstba-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| ProfileError::io("create a temporary file in", dir, e))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| ProfileError::io("write", tmp.path(), e))?;
    tmp.persist(path)
        .map_err(|e| ProfileError::io("replace", path, e.error))?;
    // The rename is durable only once the directory entry is on disk too.
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// An exclusive lock on the configuration directory, held while a change is read, made and
/// written, so two nstba processes (the wizard and a script) cannot lose each other's update.
/// Released when dropped.
pub(crate) struct DirLock {
    _file: Option<std::fs::File>,
}

/// How long to wait for another nstba to finish its write.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Takes the directory lock (`.lock` in `dir`). Where the file system cannot lock (some network
/// file systems) the change goes ahead unlocked, as it would have without this.
pub(crate) fn lock_dir(dir: &Path) -> Result<DirLock> {
    ensure_dir(dir)?;
    let path = dir.join(".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|e| ProfileError::io("open", &path, e))?;
    let deadline = std::time::Instant::now() + LOCK_WAIT;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(DirLock { _file: Some(file) }),
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(25));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(ProfileError::io(
                    "lock",
                    &path,
                    std::io::Error::other(
                        "another nstba has been changing the profiles for 5 s; try again",
                    ),
                ));
            }
            Err(std::fs::TryLockError::Error(_)) => return Ok(DirLock { _file: None }),
        }
    }
}

/// Writes `contents` to a new file `PREFIX…` in `dir`, created exclusively with mode 0600 (never
/// over an existing file), and keeps it. Returns its path.
pub fn write_private_new(dir: &Path, prefix: &str, contents: &[u8]) -> std::io::Result<PathBuf> {
    let mut f = tempfile::Builder::new()
        .prefix(prefix)
        .suffix(".env")
        .tempfile_in(dir)?;
    f.write_all(contents)?;
    f.as_file().sync_all()?;
    let (_, path) = f.keep().map_err(|e| e.error)?;
    Ok(path)
}

/// Checks that files can be created in `dir` (creating it if needed): a directory that is a
/// file, read-only or on a full disk fails here, before anything depends on a write.
pub(crate) fn check_writable(dir: &Path) -> Result<()> {
    ensure_dir(dir)?;
    tempfile::Builder::new()
        .prefix(".nstba-probe-")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| ProfileError::io("create files in", dir, e))
}

/// Refuses a secrets file that group or others can read (Unix); nothing to check elsewhere.
pub(crate) fn check_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            // A link to a directory (or any non-file) is not a secrets file, whatever its mode.
            Ok(m) if !m.is_file() => {
                return Err(ProfileError::io(
                    "read",
                    path,
                    std::io::Error::other("it is not a regular file (a directory or a device?)"),
                ));
            }
            Ok(m) => {
                let mode = m.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    return Err(ProfileError::InsecureFile {
                        path: path.to_path_buf(),
                        mode,
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(ProfileError::io("inspect", path, e)),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("f.toml");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let dmode = std::fs::metadata(p.parent().unwrap())
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(dmode, 0o700);
        }
        // No temporary files left behind.
        let names: Vec<_> = std::fs::read_dir(p.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_through_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.toml");
        let link = dir.path().join("link.toml");
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[test]
    fn the_directory_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock_dir(dir.path()).unwrap();
        let other = std::fs::File::open(dir.path().join(".lock")).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(held);
        assert!(other.try_lock().is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_secrets_link_to_a_directory_is_not_called_a_mode() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("secrets.toml");
        std::os::unix::fs::symlink(dir.path(), &link).unwrap();
        let e = check_private(&link).unwrap_err().to_string();
        assert!(
            e.contains("not a regular file") && !e.contains("mode"),
            "{e}"
        );
    }

    #[test]
    fn binary_and_non_utf8_are_refused_with_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"a = 1\nb = \"x\0y\"\n").unwrap();
        let e = read_text(&p).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("NUL"), "{e}");
        std::fs::write(&p, b"a = 1\n\n\xff\xfe").unwrap();
        let e = read_text(&p).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("UTF-8"), "{e}");
        assert!(read_text(&dir.path().join("absent")).unwrap().is_none());
    }
}
