//! The orders of `openlance seed`: placed by a seeded user on another user's active
//! seeded service and left in a state that moves no money (see `openlance_orders::bulk`).

use std::time::Instant;

use anyhow::Context;
use indicatif::MultiProgress;
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_orders::bulk::{SeedOrder, SeedOutcome};
use openlance_orders::{ListingState, OrderableListing, OrdersConfig};
use openlance_storage::Db;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::seed_bulk::{BATCH, DAY, HOUR, Listed, Written, bar};
use crate::seed_text::pick;

pub(crate) async fn seed_orders(
    db: &Db,
    bars: &MultiProgress,
    users: &[UserId],
    listed: &[Listed],
    total: u64,
    now: i64,
    written: &mut Vec<Written>,
) -> anyhow::Result<()> {
    if total == 0 {
        return Ok(());
    }
    if listed.is_empty() {
        anyhow::bail!("no active service to order: seed more --services");
    }
    let started = Instant::now();
    let bar = bar(bars, "orders", total);
    let mut rng = SmallRng::seed_from_u64(4);
    let config = OrdersConfig::default();
    let mut n = 0;
    while n < total {
        let batch: Vec<SeedOrder> = (n..total.min(n + BATCH))
            .map(|_| seed_order(&mut rng, users, listed, now))
            .collect();
        let count = batch.len() as u64;
        let mut tx = openlance_storage::bulk::begin(db).await?;
        openlance_orders::bulk::insert_orders(&mut tx, &config, batch)
            .await
            .context("writing orders")?;
        tx.commit().await?;
        n += count;
        bar.inc(count);
    }
    bar.finish();
    written.push(Written {
        kind: "orders",
        rows: total,
        took: started.elapsed(),
    });
    Ok(())
}

fn seed_order(rng: &mut SmallRng, users: &[UserId], listed: &[Listed], now: i64) -> SeedOrder {
    let service = &listed[rng.random_range(0..listed.len())];
    let mut buyer = rng.random_range(0..users.len());
    if buyer == service.seller {
        buyer = (buyer + 1) % users.len();
    }
    // Requests still waiting are recent (younger than the request expiry); the others
    // were answered (or expired) at least four days ago.
    let answered_before = now - 4 * DAY;
    let roll = rng.random_range(0..100);
    let waiting = roll < 25 || service.listed_at >= answered_before;
    let placed = if waiting {
        let from = service.listed_at.max(now - 2 * DAY);
        from + rng.random_range(0..(now - from).max(1))
    } else {
        service.listed_at + rng.random_range(0..(answered_before - service.listed_at).max(1))
    };
    let later = |rng: &mut SmallRng, from: i64| from_micros(from + rng.random_range(HOUR / 6..DAY));
    let outcome = match roll {
        _ if waiting => SeedOutcome::Requested,
        25..55 => SeedOutcome::Accepted {
            at: later(rng, placed),
        },
        55..70 => SeedOutcome::Declined {
            at: later(rng, placed),
            reason: pick(
                rng,
                &[
                    "Sorry, I am fully booked that week.",
                    "This is outside what I offer, sorry.",
                    "I am away on those dates.",
                ],
            )
            .to_string(),
        },
        70..85 => {
            let accepted = rng.random_bool(0.5).then(|| later(rng, placed));
            let from = accepted.map_or(placed, openlance_core::time::to_micros);
            SeedOutcome::Cancelled {
                accepted_at: accepted,
                at: later(rng, from),
                reason: rng
                    .random_bool(0.5)
                    .then(|| "Plans changed, sorry for the trouble.".to_string()),
            }
        }
        _ => SeedOutcome::Expired,
    };
    let requirements = format!(
        "Hi! I would like this for {}. {}",
        pick(rng, crate::seed_words::ORGS),
        pick(
            rng,
            &[
                "Could you start next week?",
                "Details are in the brief I can send over.",
                "Please tell me if you need anything else from me.",
            ],
        )
    );
    SeedOrder {
        listing: OrderableListing {
            service_id: service.id.to_string(),
            seller_id: users[service.seller],
            title: service.title.clone(),
            price: service.price,
            deposit_percent: service.deposit_percent,
            state: ListingState::Active,
        },
        buyer: users[buyer],
        requirements,
        placed_at: from_micros(placed),
        outcome,
    }
}
