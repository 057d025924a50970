//! The process's limit on open file descriptors, and how many connections fit under it.

/// Raises the soft limit on open file descriptors to the hard limit (capped at 1,048,576,
/// which Linux allows by default) and returns the soft limit now in force. Where the limit
/// cannot be read or raised, the current soft limit (or 1,024) is kept.
pub fn raise_fd_limit() -> u64 {
    #[cfg(unix)]
    {
        use nix::sys::resource::{Resource, getrlimit, setrlimit};
        let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE) else {
            return 1024;
        };
        let wanted = hard.min(1 << 20);
        if wanted <= soft {
            return soft;
        }
        match setrlimit(Resource::RLIMIT_NOFILE, wanted, hard) {
            Ok(()) => wanted,
            Err(e) => {
                tracing::warn!(soft, hard, error = %e, "cannot raise the open-file limit");
                soft
            }
        }
    }
    #[cfg(not(unix))]
    {
        1024
    }
}

/// The most connections to hold open under a descriptor limit of `fd_limit`: a quarter of
/// the descriptors (at least 32, at most 1,024) stay free for the database, the broker,
/// files and the listener.
pub fn connections_for_fd_limit(fd_limit: u64) -> usize {
    let reserve = (fd_limit / 4).clamp(32, 1024);
    usize::try_from(fd_limit.saturating_sub(reserve).max(1)).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_leave_descriptors_for_everything_else() {
        assert_eq!(connections_for_fd_limit(1024), 768);
        assert_eq!(connections_for_fd_limit(20_000), 18_976);
        assert_eq!(connections_for_fd_limit(64), 32);
        assert_eq!(connections_for_fd_limit(10), 1);
    }

    #[cfg(unix)]
    #[test]
    fn the_soft_limit_is_raised_to_the_hard_limit() {
        use nix::sys::resource::{Resource, getrlimit};
        let raised = raise_fd_limit();
        let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
        assert_eq!(raised, soft);
        assert_eq!(soft, hard.min(1 << 20));
    }
}
