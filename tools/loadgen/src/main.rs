//! `openlance-loadgen`: load scenarios for an Openlance server, written with goose (users,
//! scenarios, named transactions, an HTML report), plus the two helpers `tools/bench.sh`
//! needs around them:
//!
//! - `openlance-loadgen [--seed-users N] [--summary FILE] <goose options>` runs the
//!   scenarios chosen with goose's `--scenarios` (hyphens allowed: `job-search-best`)
//!   against `--host`; `--summary` writes one tab-separated row per scenario and per
//!   journey step (rate, p50, p99, errors) for the benchmark table;
//! - `openlance-loadgen prepare --host URL --out DIR` logs in as seeded users and writes
//!   the ids, search words and tokens that `tools/bench.lua` (wrk) reads;
//! - `openlance-loadgen chart TSV --svg FILE --json FILE` prints the benchmark table and
//!   draws each scenario's rate as a ratio to the ceiling, per engine.
//!
//! It reads everything it needs through the API (never the database), and only targets
//! loopback addresses.

mod attack;
mod call;
mod chart;
mod prepare;
mod scenarios;
mod summary;
mod timing;
mod world;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match args.get(1).map(String::as_str) {
        Some("chart") => chart::main(&args[2..]),
        Some("prepare") => runtime.block_on(prepare::main(&args[2..])),
        _ => runtime.block_on(attack::main(&args[1..])),
    }
}
