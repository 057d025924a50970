//! `openlance seed --demo`: fills the data folder with a small, believable iFreelance
//! marketplace — sellers with services across categories, buyers, open jobs, and orders in
//! each state of the journey — through the same domain services the website calls, so
//! every row, ledger entry and event is one the application itself would write. Prints the
//! demo logins. Refuses to run twice on the same database.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use openlance_accounts::Role;
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::id::UserId;
use openlance_core::{Currency, DomainError, Money, SystemClock};
use openlance_http::App;
use openlance_jobs::NewJob;
use openlance_orders::{NewOrder, OrderId};

use crate::config::Settings;
use crate::serve::{build_app, open_database};

#[derive(Args, Debug)]
pub struct SeedArgs {
    /// Fill the database with the demo marketplace (required: seeding is never implicit).
    #[arg(long)]
    pub demo: bool,
}

/// Every demo account's password (printed; it is a demo).
const PASSWORD: &str = "demo password 2026";
const CARD: Option<&str> = Some("pm_card_visa");

const SELLERS: &[(&str, &str)] = &[
    ("Sam Carter", "sam@demo.openlance.test"),
    ("Priya Nair", "priya@demo.openlance.test"),
    ("Lucas Moreau", "lucas@demo.openlance.test"),
];
const BUYERS: &[(&str, &str)] = &[
    ("Bea Lindqvist", "bea@demo.openlance.test"),
    ("Omar Haddad", "omar@demo.openlance.test"),
];

/// (seller index, title, category, price in cents, delivery days, description)
const SERVICES: &[(usize, &str, Category, i64, i64, &str)] = &[
    (
        0,
        "Dog walking, twice a day",
        Category::HomeAndPets,
        4000,
        1,
        "An hour in the park, morning and evening. Photos included.",
    ),
    (
        0,
        "House sitting while you travel",
        Category::HomeAndPets,
        9000,
        7,
        "Plants watered, mail collected, lights on and off.",
    ),
    (
        0,
        "Handyman: small repairs",
        Category::RepairsAndCleaning,
        6000,
        3,
        "Shelves, doors, leaking taps, flat-pack furniture.",
    ),
    (
        1,
        "Logo design with three concepts",
        Category::Design,
        25000,
        10,
        "Three concepts, two rounds of changes, every file format.",
    ),
    (
        1,
        "Website landing page",
        Category::Software,
        60000,
        14,
        "A fast, accessible landing page, delivered as static files.",
    ),
    (
        1,
        "English to French translation",
        Category::Translation,
        8000,
        4,
        "Up to 2,000 words, proofread by a native speaker.",
    ),
    (
        2,
        "Guitar lessons for beginners",
        Category::LessonsAndCoaching,
        3500,
        2,
        "One-hour lessons at your place or online.",
    ),
    (
        2,
        "Maths tutoring (secondary school)",
        Category::Tutoring,
        3000,
        2,
        "Exam preparation and homework help.",
    ),
    (
        2,
        "Event photography",
        Category::Photography,
        45000,
        7,
        "Four hours on site and 100 edited photos.",
    ),
    (
        1,
        "Copywriting for your shop",
        Category::Writing,
        12000,
        5,
        "Product pages and an about page that sell.",
    ),
];

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
    if !args.demo {
        anyhow::bail!("say what to seed: `openlance seed --demo`");
    }
    let db = open_database(settings).await?;
    let cache = Arc::new(openlance_cache::MemoryCache::new(16));
    let app = build_app(settings, db.clone(), Arc::new(SystemClock), cache)?;
    let usd = Currency::parse("USD")?;

    let mut sellers = Vec::new();
    for (name, email) in SELLERS {
        sellers.push(user(&app, name, email, &[Role::Freelancer, Role::Client]).await?);
    }
    let mut buyers = Vec::new();
    for (name, email) in BUYERS {
        buyers.push(user(&app, name, email, &[Role::Client]).await?);
    }
    let mut services = Vec::new();
    for (seller, title, category, cents, days, description) in SERVICES {
        let listing = app
            .catalog
            .list_service(
                sellers[*seller],
                NewListing {
                    title: (*title).into(),
                    description: (*description).into(),
                    category: *category,
                    price: Money::new(*cents, usd),
                    deposit_percent: Some(50),
                    delivery: Delivery::in_days(*days)?,
                    location: Some("Lyon".into()),
                    remote: true,
                    tags: Vec::new(),
                    image_links: Vec::new(),
                },
            )
            .await?;
        services.push((sellers[*seller], listing.id.to_string()));
    }
    for (title, budget) in [
        ("Build a booking app for a yoga studio", 300000),
        ("Illustrations for a children's book", 120000),
        ("Set up our online shop", 80000),
    ] {
        let job = NewJob {
            title: title.into(),
            description: format!("{title}. Tell us how you would go about it."),
            budget: Some(Money::new(budget, usd)),
            ..Default::default()
        };
        app.jobs.post_job(buyers[1], job).await?;
    }

    // Orders at each step of the journey: how far each one goes.
    let orders = &app.orders;
    for (i, steps) in [1, 2, 3, 4, 5].into_iter().enumerate() {
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
        }
    }
    db.close().await;

    println!(
        "Demo marketplace ready: {} services, 3 jobs, 5 orders (requested, confirmed, deposit paid, delivered, completed).",
        SERVICES.len()
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
