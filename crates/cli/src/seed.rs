//! `openlance seed --demo`: fills the data folder with a small, believable iFreelance
//! marketplace — sellers with services across categories, buyers, open jobs, orders in
//! each state of the journey, and a completed order both parties reviewed — through the
//! same domain services the website calls, so every row, ledger entry and event is one the
//! application itself would write. `--extra-services N` makes a larger catalogue; a
//! progress bar (on a terminal) shows how far it is. Prints the demo logins. Refuses to
//! run twice on the same database.
//!
//! `--users --services --jobs --orders` seed a large marketplace in bulk instead (see
//! `seed_bulk`).

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use openlance_accounts::Role;
use openlance_catalog::{Delivery, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money, SystemClock};
use openlance_http::App;
use openlance_jobs::NewJob;
use openlance_orders::{NewOrder, OrderId};
use openlance_reviews::NewReview;

use crate::config::Settings;
use crate::seed_bulk::Sizes;
use crate::seed_data::{BUYERS, CARD, PASSWORD, SELLERS, SERVICES};
use crate::serve::{build_app, open_database};

#[derive(Args, Debug)]
pub struct SeedArgs {
    /// Fill the database with the demo marketplace (required: seeding is never implicit).
    #[arg(long)]
    pub demo: bool,
    /// Also list this many more services (variations of the demo ones), for a large
    /// catalogue.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub extra_services: u32,
    /// Bulk seeding: this many users (`seed{n}@example.com`, password in the summary).
    #[arg(long, default_value_t = 0, conflicts_with = "demo")]
    pub users: u64,
    /// Bulk seeding: this many services, sold by the seeded users.
    #[arg(long, default_value_t = 0, conflicts_with = "demo")]
    pub services: u64,
    /// Bulk seeding: this many jobs, posted by the seeded users over the past year.
    #[arg(long, default_value_t = 0, conflicts_with = "demo")]
    pub jobs: u64,
    /// Bulk seeding: this many orders of seeded services, in states that move no money.
    #[arg(long, default_value_t = 0, conflicts_with = "demo")]
    pub orders: u64,
}

/// The jobs the second buyer posts, with their budgets in cents.
const JOBS: &[(&str, i64)] = &[
    ("Build a booking app for a yoga studio", 300000),
    ("Illustrations for a children's book", 120000),
    ("Set up our online shop", 80000),
];

/// The orders, by how far each goes: requested … completed.
const ORDER_STEPS: [usize; 5] = [1, 2, 3, 4, 5];

/// A progress bar over `total` steps; drawn only on a terminal (indicatif hides it
/// otherwise), so scripts and CI logs get the summary alone.
fn progress(total: u64) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} seeding [{bar:30}] {pos}/{len} {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

async fn user(app: &App, name: &str, email: &str, roles: &[Role]) -> anyhow::Result<UserId> {
    match app.accounts.create_user(email, PASSWORD, name, roles).await {
        Ok(id) => Ok(id),
        Err(DomainError::Conflict { .. }) => {
            anyhow::bail!("this database is already seeded ({email} exists)")
        }
        Err(e) => Err(e).with_context(|| format!("creating {email}")),
    }
}

pub async fn run(args: SeedArgs, settings: &Settings) -> anyhow::Result<ExitCode> {
    let sizes = Sizes {
        users: args.users,
        services: args.services,
        jobs: args.jobs,
        orders: args.orders,
    };
    if !args.demo {
        if sizes.users + sizes.services + sizes.jobs + sizes.orders == 0 {
            anyhow::bail!(
                "say what to seed: `openlance seed --demo`, or `openlance seed --users N \
                 --services N --jobs N --orders N`"
            );
        }
        let db = open_database(settings).await?;
        let seeded = crate::seed_bulk::run(&db, sizes).await;
        db.close().await;
        seeded?;
        return Ok(ExitCode::SUCCESS);
    }
    let db = open_database(settings).await?;
    let cache = Arc::new(openlance_cache::MemoryCache::new(16));
    let app = build_app(settings, db.clone(), Arc::new(SystemClock), cache)?;
    let usd = Currency::parse("USD")?;
    let extra = usize::try_from(args.extra_services)?;
    let total = SELLERS.len() + BUYERS.len() + SERVICES.len() + extra + JOBS.len() + 6;
    let bar = progress(u64::try_from(total)?);

    bar.set_message("people");
    let mut sellers = Vec::new();
    for (name, email) in SELLERS {
        sellers.push(user(&app, name, email, &[Role::Freelancer, Role::Client]).await?);
        bar.inc(1);
    }
    let mut buyers = Vec::new();
    for (name, email) in BUYERS {
        buyers.push(user(&app, name, email, &[Role::Client]).await?);
        bar.inc(1);
    }
    bar.set_message("services");
    let mut services = Vec::new();
    for n in 0..SERVICES.len() + extra {
        let (seller, title, category, cents, days, description) = SERVICES[n % SERVICES.len()];
        // The extra ones are numbered variations, so the catalogue stays believable.
        let title = match n / SERVICES.len() {
            0 => title.to_string(),
            round => format!("{title} ({})", round + 1),
        };
        let listing = app
            .catalog
            .list_service(
                sellers[seller],
                NewListing {
                    title,
                    description: description.into(),
                    category,
                    price: Money::new(cents, usd),
                    deposit_percent: Some(50),
                    delivery: Delivery::in_days(days)?,
                    location: Some("Lyon".into()),
                    remote: true,
                    tags: Vec::new(),
                    image_links: Vec::new(),
                },
            )
            .await?;
        services.push((sellers[seller], listing.id.to_string()));
        bar.inc(1);
    }
    bar.set_message("jobs");
    for (title, budget) in JOBS {
        let job = NewJob {
            title: (*title).into(),
            description: format!("{title}. Tell us how you would go about it."),
            budget: Some(Money::new(*budget, usd)),
            ..Default::default()
        };
        app.jobs.post_job(buyers[1], job).await?;
        bar.inc(1);
    }

    bar.set_message("orders");
    let orders = &app.orders;
    let mut completed = None;
    for (i, steps) in ORDER_STEPS.into_iter().enumerate() {
        let (seller, service) = &services[i];
        let buyer = buyers[i % buyers.len()];
        let new = NewOrder {
            requirements: "Details as discussed — thank you!".into(),
            scheduled_for: None,
        };
        let id: OrderId = orders.place(buyer, service, new).await?.id;
        if steps >= 2 {
            orders.accept(*seller, id).await?;
        }
        if steps >= 3 {
            orders.pay_deposit(buyer, id, CARD, None).await?;
        }
        if steps >= 4 {
            orders.deliver(*seller, id).await?;
        }
        if steps >= 5 {
            orders.complete(buyer, id, CARD, None).await?;
            completed = Some((buyer, *seller, id));
        }
        bar.inc(1);
    }
    bar.set_message("reviews");
    if let Some((buyer, seller, id)) = completed {
        let review = |rating, text: &str| NewReview {
            rating,
            text: Some(text.into()),
        };
        let order = id.to_string();
        let praise = "Friendly, on time, and my dog adores the walks. Booking again.";
        app.reviews.submit(buyer, &order, review(5, praise)).await?;
        let thanks = "Clear instructions and paid at once. A pleasure.";
        app.reviews
            .submit(seller, &order, review(5, thanks))
            .await?;
    }
    bar.inc(1);
    bar.finish_and_clear();
    db.close().await;

    println!(
        "Demo marketplace ready: {} services, {} jobs, 5 orders (requested, confirmed, deposit paid, delivered, completed and reviewed).",
        services.len(),
        JOBS.len()
    );
    println!("Log in with any of these (password: \"{PASSWORD}\"):");
    for (name, email) in SELLERS {
        println!("  seller  {email:<28} {name}");
    }
    for (name, email) in BUYERS {
        println!("  buyer   {email:<28} {name}");
    }
    Ok(ExitCode::SUCCESS)
}
