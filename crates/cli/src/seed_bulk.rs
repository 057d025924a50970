//! `openlance seed --users U --services S --jobs J --orders O`: a large, believable
//! marketplace for benchmarks, written in bulk. The rows are generated here (a fast
//! seeded RNG over the vocabulary in `seed_words`) and written through each context's
//! bulk API (`openlance_accounts::bulk`, `openlance_catalog::bulk`, `openlance_jobs::bulk`,
//! `openlance_orders::bulk`) in transactions of a few thousand rows; jobs are generated on
//! a thread of their own while the previous batch is written. Seeded rows move no money
//! and write no events, so nobody is notified and the ledger is untouched.

use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use openlance_accounts::Role;
use openlance_accounts::bulk::SeedUser;
use openlance_catalog::bulk::SeedListing;
use openlance_catalog::{Delivery, NewListing, ServiceId};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::{Clock, Currency, Money, SystemClock};
use openlance_jobs::bulk::SeedJob;
use openlance_jobs::{Experience, JobDuration};
use openlance_storage::Db;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::seed_text::{self, distinct, pick, pick_topic};
use crate::seed_words::{CITIES, FIRST_NAMES, JOB_TOPICS, LANGUAGES, LAST_NAMES, SERVICE_TOPICS};

/// The password of every seeded user (`seed{n}@example.com`).
pub const SEED_PASSWORD: &str = "seed password 2026";

/// How much to seed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sizes {
    pub users: u64,
    pub services: u64,
    pub jobs: u64,
    pub orders: u64,
}

/// Rows per transaction: large enough that commits cost little, small enough that a
/// batch's rows stay a few megabytes.
pub(crate) const BATCH: u64 = 5_000;
const JOB_BATCH: u64 = 10_000;

pub(crate) const HOUR: i64 = 3_600_000_000;
pub(crate) const DAY: i64 = 24 * HOUR;
const YEAR: i64 = 365 * DAY;

/// What one kind of row took.
pub(crate) struct Written {
    pub(crate) kind: &'static str,
    pub(crate) rows: u64,
    pub(crate) took: Duration,
}

/// A listing kept for placing orders on it.
pub(crate) struct Listed {
    pub(crate) id: ServiceId,
    pub(crate) seller: usize,
    pub(crate) title: String,
    pub(crate) price: Money,
    pub(crate) deposit_percent: u8,
    pub(crate) listed_at: i64,
}

pub(crate) fn bar(bars: &MultiProgress, kind: &str, total: u64) -> ProgressBar {
    let bar = bars.add(ProgressBar::new(total));
    let template = format!("{kind:>8} [{{bar:30}}] {{pos}}/{{len}} {{per_sec}} eta {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The time of row `i` of `total` spread over `span` before `now`, increasing with `i`.
fn spread(rng: &mut SmallRng, now: i64, span: i64, i: u64, total: u64) -> i64 {
    let total = i64::try_from(total.max(1)).unwrap_or(i64::MAX);
    let i = i64::try_from(i).unwrap_or(0);
    let slot = (span / total).max(1);
    now - span + i * span / total + rng.random_range(0..slot)
}

pub async fn run(db: &Db, sizes: Sizes) -> anyhow::Result<()> {
    if sizes.users == 0 && (sizes.jobs > 0 || sizes.services > 0 || sizes.orders > 0) {
        anyhow::bail!("jobs, services and orders belong to seeded users: give --users too");
    }
    if sizes.orders > 0 && (sizes.users < 2 || sizes.services == 0) {
        anyhow::bail!("orders need --services and at least two --users (a buyer and a seller)");
    }
    if openlance_accounts::bulk::email_taken(db, "seed1@example.com").await? {
        anyhow::bail!(
            "this database is already seeded (seed1@example.com exists): seed an empty data \
             folder or database"
        );
    }
    let hash =
        tokio::task::spawn_blocking(|| openlance_accounts::bulk::password_hash(SEED_PASSWORD))
            .await??;
    openlance_storage::bulk::prepare(db).await?;
    let now = openlance_core::time::to_micros(SystemClock.now());
    let bars = MultiProgress::new();
    let started = Instant::now();
    let mut written = Vec::new();

    let users = seed_users(db, &bars, &hash, sizes.users, now, &mut written).await?;
    let listed = seed_services(db, &bars, &users, sizes, now, &mut written).await?;
    let users = Arc::new(users);
    seed_jobs(db, &bars, users.clone(), sizes.jobs, now, &mut written).await?;
    crate::seed_orders::seed_orders(db, &bars, &users, &listed, sizes.orders, now, &mut written)
        .await?;
    bars.clear().ok();
    // Merged full-text indexes and fresh planner statistics, so the first searches get
    // the plans a marketplace of this size calls for.
    let indexing = Instant::now();
    if sizes.jobs > 0 {
        openlance_jobs::bulk::optimize_index(db).await?;
    }
    if sizes.services > 0 {
        openlance_catalog::bulk::optimize_index(db).await?;
    }
    openlance_storage::bulk::finish(db).await?;
    written.push(Written {
        kind: "indexes",
        rows: 0,
        took: indexing.elapsed(),
    });

    let total = started.elapsed().as_secs_f64();
    println!("Seeded marketplace in {total:.1} s:");
    println!(
        "  {:<9} {:>10} {:>9} {:>12}",
        "kind", "rows", "seconds", "rows/s"
    );
    for w in &written {
        let secs = w.took.as_secs_f64();
        let rate = w.rows as f64 / secs.max(1e-9);
        println!("  {:<9} {:>10} {secs:>9.1} {rate:>12.0}", w.kind, w.rows);
    }
    if sizes.users > 0 {
        println!(
            "Log in as seed1@example.com … seed{}@example.com with the password \"{SEED_PASSWORD}\".",
            sizes.users
        );
    }
    println!("Seeded rows move no money and wrote no events: nobody was notified.");
    Ok(())
}

async fn seed_users(
    db: &Db,
    bars: &MultiProgress,
    hash: &str,
    total: u64,
    now: i64,
    written: &mut Vec<Written>,
) -> anyhow::Result<Vec<UserId>> {
    if total == 0 {
        return Ok(Vec::new());
    }
    let started = Instant::now();
    let bar = bar(bars, "users", total);
    let mut rng = SmallRng::seed_from_u64(1);
    let mut ids = Vec::with_capacity(usize::try_from(total)?);
    let mut n = 0;
    while n < total {
        let batch: Vec<SeedUser> = (n..total.min(n + BATCH))
            .map(|i| seed_user(&mut rng, i, total, now))
            .collect();
        let count = batch.len() as u64;
        let mut tx = openlance_storage::bulk::begin(db).await?;
        ids.extend(openlance_accounts::bulk::insert_users(&mut tx, hash, batch).await?);
        tx.commit().await?;
        n += count;
        bar.inc(count);
    }
    bar.finish();
    written.push(Written {
        kind: "users",
        rows: total,
        took: started.elapsed(),
    });
    Ok(ids)
}

fn seed_user(rng: &mut SmallRng, i: u64, total: u64, now: i64) -> SeedUser {
    let topic = pick_topic(rng, JOB_TOPICS);
    let n = rng.random_range(3..=6);
    let skills = distinct(rng, topic.skills, n);
    let mut languages = vec!["English".to_string()];
    if rng.random_bool(0.4) {
        languages.push(pick(rng, LANGUAGES).to_string());
    }
    let city = pick(rng, CITIES);
    // Everyone joined in the year before the jobs and services start.
    let joined = spread(rng, now - YEAR, YEAR, i, total);
    SeedUser {
        email: format!("seed{}@example.com", i + 1),
        name: format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)),
        roles: vec![Role::Client, Role::Freelancer],
        headline: Some(seed_text::headline(rng, topic, &skills)),
        bio: Some(seed_text::bio(rng, topic, city)),
        city: Some(city.to_string()),
        job_title: Some(topic.role.to_string()),
        skills: skills.iter().map(|s| (*s).to_string()).collect(),
        languages,
        hourly_rate: Some(Money::new(rng.random_range(15..=150) * 100, Currency::USD)),
        joined_at: from_micros(joined),
    }
}

async fn seed_services(
    db: &Db,
    bars: &MultiProgress,
    users: &[UserId],
    sizes: Sizes,
    now: i64,
    written: &mut Vec<Written>,
) -> anyhow::Result<Vec<Listed>> {
    let total = sizes.services;
    if total == 0 {
        return Ok(Vec::new());
    }
    let started = Instant::now();
    let bar = bar(bars, "services", total);
    let mut rng = SmallRng::seed_from_u64(2);
    let mut listed = Vec::new();
    let mut n = 0;
    while n < total {
        let mut batch = Vec::new();
        let mut kept = Vec::new();
        for i in n..total.min(n + BATCH) {
            let (seeded, seller) = seed_listing(&mut rng, users, i, total, now);
            if sizes.orders > 0 && seeded.paused_at.is_none() {
                kept.push(Listed {
                    id: ServiceId::default(),
                    seller,
                    title: seeded.listing.title.trim().to_string(),
                    price: seeded.listing.price,
                    deposit_percent: u8::try_from(seeded.listing.deposit_percent.unwrap_or(50))?,
                    listed_at: openlance_core::time::to_micros(seeded.listed_at),
                });
            }
            batch.push(seeded);
        }
        let count = batch.len() as u64;
        let paused: Vec<bool> = batch.iter().map(|s| s.paused_at.is_some()).collect();
        let mut tx = openlance_storage::bulk::begin(db).await?;
        let ids = openlance_catalog::bulk::insert_listings(&mut tx, batch).await?;
        tx.commit().await?;
        if sizes.orders > 0 {
            let active = ids.into_iter().zip(paused).filter(|(_, p)| !p);
            for (keep, (id, _)) in kept.iter_mut().zip(active) {
                keep.id = id;
            }
            listed.append(&mut kept);
        }
        n += count;
        bar.inc(count);
    }
    bar.finish();
    written.push(Written {
        kind: "services",
        rows: total,
        took: started.elapsed(),
    });
    Ok(listed)
}

fn seed_listing(
    rng: &mut SmallRng,
    users: &[UserId],
    i: u64,
    total: u64,
    now: i64,
) -> (SeedListing, usize) {
    let in_person = rng.random_bool(0.25);
    let topic = if in_person {
        pick_topic(rng, SERVICE_TOPICS)
    } else {
        pick_topic(rng, JOB_TOPICS)
    };
    let seller = rng.random_range(0..users.len());
    let city = pick(rng, CITIES);
    let n = rng.random_range(2..=5);
    let tags = distinct(rng, topic.skills, n)
        .into_iter()
        .map(|s| {
            s.chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let listed = spread(rng, now, YEAR, i, total);
    let paused_at = rng
        .random_bool(0.08)
        .then(|| listed + rng.random_range(0..(now - listed).max(1)));
    let delivery = if rng.random_bool(0.85) {
        Delivery::Days(pick(rng, &[1, 2, 3, 5, 7, 10, 14, 21, 30]))
    } else {
        Delivery::OnDate
    };
    let listing = NewListing {
        title: seed_text::service_title(rng, topic),
        description: seed_text::service_description(rng, topic, city),
        category: topic.category,
        price: Money::new(
            pick(
                rng,
                &[15, 25, 40, 60, 80, 120, 200, 350, 500, 800, 1200, 2000],
            ) * 100,
            Currency::USD,
        ),
        deposit_percent: Some(pick(rng, &[10, 20, 25, 30, 50, 50, 50, 100])),
        delivery,
        location: (in_person || rng.random_bool(0.4)).then(|| city.to_string()),
        remote: !in_person,
        tags,
        image_links: Vec::new(),
    };
    let seeded = SeedListing {
        seller: users[seller],
        listing,
        listed_at: from_micros(listed),
        paused_at: paused_at.map(from_micros),
    };
    (seeded, seller)
}

async fn seed_jobs(
    db: &Db,
    bars: &MultiProgress,
    users: Arc<Vec<UserId>>,
    total: u64,
    now: i64,
    written: &mut Vec<Written>,
) -> anyhow::Result<()> {
    if total == 0 {
        return Ok(());
    }
    let started = Instant::now();
    let bar = bar(bars, "jobs", total);
    // Generating a batch takes a fraction of writing it: a thread makes the next batch
    // while this one is written.
    let (batches, mut ready) = tokio::sync::mpsc::channel::<Vec<SeedJob>>(2);
    let generator = std::thread::spawn(move || {
        let mut rng = SmallRng::seed_from_u64(3);
        let mut n = 0;
        while n < total {
            let batch = (n..total.min(n + JOB_BATCH))
                .map(|i| seed_job(&mut rng, &users, i, total, now))
                .collect();
            if batches.blocking_send(batch).is_err() {
                return;
            }
            n += JOB_BATCH;
        }
    });
    while let Some(batch) = ready.recv().await {
        let count = batch.len() as u64;
        let mut tx = openlance_storage::bulk::begin(db).await?;
        openlance_jobs::bulk::insert_jobs(&mut tx, batch).await?;
        tx.commit().await?;
        bar.inc(count);
    }
    generator
        .join()
        .map_err(|_| anyhow::anyhow!("the job generator stopped"))?;
    bar.finish();
    written.push(Written {
        kind: "jobs",
        rows: total,
        took: started.elapsed(),
    });
    Ok(())
}

fn seed_job(rng: &mut SmallRng, users: &[UserId], i: u64, total: u64, now: i64) -> SeedJob {
    let topic = pick_topic(rng, JOB_TOPICS);
    let thing = pick(rng, topic.things);
    let posted = spread(rng, now, YEAR, i, total);
    let closed_at = rng
        .random_bool(0.1)
        .then(|| posted + rng.random_range(0..(now - posted).clamp(1, 30 * DAY)));
    let n = rng.random_range(1..=5);
    let skills = distinct(rng, topic.skills, n)
        .into_iter()
        .map(str::to_string)
        .collect();
    let budget = rng.random_bool(0.9).then(|| {
        let dollars = pick(
            rng,
            &[
                50, 100, 150, 250, 400, 500, 750, 1000, 1500, 2500, 4000, 6000, 10000, 20000,
            ],
        );
        Money::new(dollars * 100, Currency::USD)
    });
    SeedJob {
        client: users[rng.random_range(0..users.len())],
        title: seed_text::job_title(rng, topic, thing),
        description: seed_text::job_description(rng, topic, thing),
        location: rng.random_bool(0.25).then(|| pick(rng, CITIES).to_string()),
        budget,
        skills,
        experience: rng.random_bool(0.85).then(|| pick(rng, Experience::ALL)),
        duration: rng.random_bool(0.85).then(|| pick(rng, JobDuration::ALL)),
        posted_at: from_micros(posted),
        closed_at: closed_at.map(from_micros),
    }
}
