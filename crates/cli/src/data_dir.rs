//! The data folder holds the token-signing secret and (by default) the SQLite database:
//! it is made private to the user running Openlance (0700) and so are the files
//! Openlance keeps there (0600), with explicit modes, whatever the umask.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// Creates the data folder (and its parents) if needed and makes it 0700.
pub fn create_private(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create data folder {}", dir.display()))?;
        // An existing folder keeps its mode through `create`: set it explicitly.
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make data folder {} private", dir.display()))?;
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create data folder {}", dir.display()))?;
    Ok(())
}

/// The file of a `sqlite:` database URL; `None` for other engines or in-memory ones.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Before SQLite opens the database: creates its file empty with mode 0600 when it does
/// not exist yet, since SQLite creates the `-wal` and `-shm` files with the database
/// file's mode.
pub fn prepare_sqlite_file(url: &str) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Some(path) = sqlite_file(url) {
        use std::os::unix::fs::OpenOptionsExt;
        let created = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path);
        match created {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = url;
    Ok(())
}

/// After SQLite opened the database: makes the database file and its `-wal` and `-shm`
/// files 0600 (databases created by earlier versions were world-readable).
pub fn restrict_sqlite_files(url: &str) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Some(path) = sqlite_file(url) {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            let file = PathBuf::from(name);
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .with_context(|| format!("cannot make {} private", file.display()))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = url;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_file_of_a_sqlite_url() {
        assert_eq!(
            sqlite_file("sqlite:///var/lib/openlance/openlance.db?mode=rwc"),
            Some(PathBuf::from("/var/lib/openlance/openlance.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:data.db"),
            Some(PathBuf::from("data.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://db/openlance"), None);
    }
}
