//! `openlance-loadgen prepare`: collects the world through the API and writes the files
//! `tools/bench.lua` picks from, one item a line: `jobs.txt`, `services.txt`,
//! `job-words.txt`, `service-words.txt`, `tokens.txt` (access tokens of seeded users) and
//! `orders.txt` (`token serviceId` pairs where the listing is not the token holder's own).
//! Access tokens live 15 minutes: prepare right before measuring.

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

use crate::attack::loopback_url;
use crate::world::World;

#[derive(Parser)]
#[command(
    name = "openlance-loadgen prepare",
    about = "Write the ids, words and tokens wrk reads"
)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080 (loopback only).
    #[arg(long)]
    host: String,
    /// The folder to write the files into.
    #[arg(long)]
    out: PathBuf,
    /// The seeded marketplace has users seed1..seedN@example.com.
    #[arg(long, default_value_t = 100)]
    seed_users: usize,
    /// How many of them to sign in as (wrk picks a token per request).
    #[arg(long, default_value_t = 64)]
    logins: usize,
}

pub async fn main(args: &[String]) -> anyhow::Result<()> {
    let args = Args::parse_from(std::iter::once("prepare".to_string()).chain(args.iter().cloned()));
    let base = loopback_url(&args.host)?;
    let world = World::collect(&base, args.seed_users, args.logins).await?;
    std::fs::create_dir_all(&args.out)?;
    let write = |name: &str, lines: Vec<String>| {
        let path = args.out.join(name);
        std::fs::write(&path, lines.join("\n") + "\n")
            .with_context(|| format!("writing {}", path.display()))
    };
    write("jobs.txt", world.jobs.clone())?;
    write(
        "services.txt",
        world.services.iter().map(|s| s.id.clone()).collect(),
    )?;
    write("job-words.txt", world.job_words.clone())?;
    write("service-words.txt", world.service_words.clone())?;
    write(
        "tokens.txt",
        world.accounts.iter().map(|a| a.token.clone()).collect(),
    )?;
    write("orders.txt", order_pairs(&world))?;
    println!(
        "prepared {} jobs, {} services, {} + {} search words, {} sign-ins in {}",
        world.jobs.len(),
        world.services.len(),
        world.job_words.len(),
        world.service_words.len(),
        world.accounts.len(),
        args.out.display()
    );
    Ok(())
}

/// Up to 2,000 `token serviceId` lines, every account buying from others' listings.
fn order_pairs(world: &World) -> Vec<String> {
    let mut pairs = Vec::new();
    let n = world.services.len();
    for i in 0..2_000.min(n * world.accounts.len()) {
        let account = world.account(i);
        let service = &world.services[(i * 7 + i / world.accounts.len()) % n];
        if service.seller_id != account.id {
            pairs.push(format!("{} {}", account.token, service.id));
        }
    }
    pairs
}
