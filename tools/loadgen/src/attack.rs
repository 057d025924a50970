//! The goose run: the loadgen's own options are taken out of the command line, the rest is
//! goose's. Only the scenarios named in `--scenarios` are registered (goose itself matches
//! names as substrings, so `jobsearch` would also start `jobsearchbest`), and the marketplace
//! data the read scenarios need is collected through the API before the first user starts.

use anyhow::{Context, bail};
use goose::config::GooseConfiguration;
use goose::prelude::*;
use gumdrop::Options;

use crate::{scenarios, summary, timing, world};

const USAGE: &str = "openlance-loadgen [--seed-users N] [--summary FILE] <goose options>

  --seed-users N   the seeded marketplace has users seed1..seedN@example.com (default 100)
  --summary FILE   write one tab-separated row per scenario and journey step
  --scenarios A,B  any of: workup booking job-search job-search-best service-search
                   job-read service-read place-order me wallet top-up healthz

  openlance-loadgen prepare --help    files for wrk (tools/bench.lua)
  openlance-loadgen chart --help      the benchmark table and its SVG chart
";

/// The loadgen's own options, taken out before goose parses the rest.
struct Own {
    seed_users: usize,
    summary: Option<String>,
    goose: Vec<String>,
}

fn split_args(args: &[String]) -> anyhow::Result<Own> {
    let mut own = Own {
        seed_users: 100,
        summary: None,
        goose: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next().cloned())
                .with_context(|| format!("{name} needs a value"))
        };
        match name {
            "--seed-users" => own.seed_users = value(name)?.parse().context("--seed-users")?,
            "--summary" => own.summary = Some(value(name)?),
            // goose accepts only letters and digits in scenario names; ours have hyphens.
            "--scenarios" => {
                own.goose.push("--scenarios".into());
                own.goose.push(value(name)?.replace('-', ""));
            }
            _ => own.goose.push(arg.clone()),
        }
    }
    Ok(own)
}

/// Refuses anything but a loopback host: this tool generates load, on this machine only.
pub fn loopback_url(host: &str) -> anyhow::Result<reqwest::Url> {
    let url = reqwest::Url::parse(host).with_context(|| format!("--host {host}"))?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d == "localhost",
        None => false,
    };
    if !loopback {
        bail!("only loopback hosts are load-tested (got {host})");
    }
    Ok(url)
}

pub async fn main(args: &[String]) -> anyhow::Result<()> {
    let own = split_args(args)?;
    let config = GooseConfiguration::parse_args_default(&own.goose)
        .map_err(|e| anyhow::anyhow!("{e}\n\n{USAGE}"))?;
    if config.help {
        println!("{USAGE}\ngoose options:\n{}", GooseConfiguration::usage());
        return Ok(());
    }
    let wanted: Vec<String> = config.scenarios.active.clone();
    let chosen: Vec<scenarios::Entry> = scenarios::all()
        .into_iter()
        .filter(|e| wanted.is_empty() || wanted.iter().any(|w| *w == e.machine_name()))
        .collect();
    if chosen.is_empty() {
        bail!("no scenario matches --scenarios {}", wanted.join(","));
    }
    if !config.host.is_empty() && chosen.iter().any(|e| e.needs_world) && !config.scenarios_list {
        let base = loopback_url(&config.host)?;
        let users = config.users.unwrap_or(1).max(32);
        let logins = own.seed_users.min(2 * users);
        let world = world::World::collect(&base, own.seed_users, logins)
            .await
            .context("collecting the marketplace's ids, words and sign-ins")?;
        world::set(world);
    } else if !config.host.is_empty() {
        loopback_url(&config.host)?;
    }
    let launch = timing::launch_time(config.users.unwrap_or(1), config.hatch_rate.as_deref());
    let mut attack = GooseAttack::initialize_with_config(config)?;
    for entry in chosen {
        attack = attack.register_scenario(entry.scenario);
    }
    timing::measure_from(std::time::Instant::now() + launch);
    let metrics = attack.execute().await?;
    if let Some(path) = own.summary {
        let rows = summary::rows(&metrics);
        std::fs::write(&path, summary::to_tsv(&rows)).with_context(|| format!("writing {path}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| (*s).to_string()).collect()
    }

    #[test]
    fn own_options_are_taken_out_and_scenario_names_lose_their_hyphens() {
        let own = split_args(&strings(&[
            "--host",
            "http://127.0.0.1:1",
            "--seed-users=40",
            "--scenarios",
            "job-search-best,workup",
            "--summary",
            "out.tsv",
            "-u",
            "50",
        ]))
        .unwrap();
        assert_eq!(own.seed_users, 40);
        assert_eq!(own.summary.as_deref(), Some("out.tsv"));
        assert_eq!(
            own.goose,
            strings(&[
                "--host",
                "http://127.0.0.1:1",
                "--scenarios",
                "jobsearchbest,workup",
                "-u",
                "50"
            ])
        );
    }

    #[test]
    fn only_loopback_hosts_are_accepted() {
        assert!(loopback_url("http://127.0.0.1:8080").is_ok());
        assert!(loopback_url("http://localhost:8080").is_ok());
        assert!(loopback_url("http://[::1]:8080").is_ok());
        assert!(loopback_url("http://example.com").is_err());
        assert!(loopback_url("http://10.0.0.1:8080").is_err());
    }
}
