//! One allocator arena per core for the server. glibc's malloc gives threads that allocate at
//! the same time arenas of their own, up to eight per core, and keeps memory freed in each
//! for reuse there. The server's allocating threads are many more than its cores (SQLite's
//! one thread per pooled connection, the runtime's workers, the hashing threads), so under
//! load every arena held its own slack: a best-match search load took the server from 69
//! to 105 MiB on SQLite, and to 69 MiB with two arenas, at the same rate.
//!
//! Setting the limit from inside the process takes `mallopt`, an unsafe call the workspace
//! forbids, so `serve` starts itself again once, before any thread is running, with
//! `MALLOC_ARENA_MAX` set to the number of cores (`exec`: the same process id, the same
//! arguments and descriptors). An operator's own `MALLOC_ARENA_MAX` wins.

const VAR: &str = "MALLOC_ARENA_MAX";

/// Restarts this process with `MALLOC_ARENA_MAX` set, unless it is set already. Returns
/// only when it is set, or when the restart failed (the server then runs unlimited).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn limit() {
    use std::os::unix::process::CommandExt;

    if std::env::var_os(VAR).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let arenas = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(VAR, arenas.to_string())
        .exec();
    eprintln!("warning: could not restart with {VAR}={arenas} ({err}); running without it");
}

/// Other allocators need no limit.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn limit() {}
