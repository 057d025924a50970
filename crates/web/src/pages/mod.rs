//! The pages, one folder per area and one file per action. Shared view helpers here.

pub mod account;
pub mod admin;
pub mod auth;
pub mod contracts;
pub mod home;
pub mod jobs;
pub mod links;
pub mod notifications;
pub mod orders;
pub mod sell;
pub mod services;
pub mod users;
pub mod wallet;

use openlance_catalog::{Category, Delivery, Listing};

/// A listing as a card in a grid.
pub struct ServiceCard {
    pub id: String,
    pub title: String,
    pub category: String,
    pub delivery: String,
    pub remote: bool,
    pub price: String,
}

impl From<&Listing> for ServiceCard {
    fn from(l: &Listing) -> Self {
        Self {
            id: l.id.to_string(),
            title: l.title.clone(),
            category: category_label(l.category),
            delivery: delivery_label(l.delivery),
            remote: l.remote,
            price: l.price.to_string(),
        }
    }
}

/// "HOME_AND_PETS" → "Home and pets".
pub fn category_label(c: Category) -> String {
    let text = c.as_str().replace('_', " ").to_lowercase();
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Every category as (value, label), for a select box.
pub fn categories() -> Vec<(String, String)> {
    Category::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), category_label(*c)))
        .collect()
}

pub fn delivery_label(d: Delivery) -> String {
    match d {
        Delivery::Days(1) => "delivered within a day".into(),
        Delivery::Days(n) => format!("delivered within {n} days"),
        Delivery::OnDate => "on a date you pick".into(),
    }
}

/// The currencies the forms offer.
pub const CURRENCIES: &[&str] = &["USD", "EUR", "GBP"];

/// The embedded test provider's cards, for the checkout's test mode.
pub const TEST_CARDS: &[(&str, &str)] = &[
    ("pm_card_visa", "Test Visa 4242 4242 4242 4242 (succeeds)"),
    (
        "pm_card_mastercard",
        "Test Mastercard 5555 5555 5555 4444 (succeeds)",
    ),
    (
        "pm_card_chargeDeclined",
        "Declined card 4000 0000 0000 0002 (is refused)",
    ),
];
