//! Listings: what a seller offers, its state machine (ACTIVE ⇄ PAUSED, either → ARCHIVED,
//! which is final) and how a listing is stored.

mod archive;
pub mod bulk;
mod create;
pub(crate) mod read;
mod rules;
mod update;

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::from_micros;
use openlance_core::transition::{Moves, State};
use openlance_core::{Currency, DomainError, Money, Result};
use openlance_storage::transition::Machine;
use openlance_storage::{AnyRow, Row};

pub use rules::{ListingChanges, NewListing};

use crate::ServiceId;

/// Declares a text enum stored and sent as its SCREAMING_SNAKE_CASE name.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
                 utoipa::ToSchema)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored or sent name; anything else is `None`.
            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text)
            }
        }
    };
}

text_enum!(
    /// What kind of service a listing offers: a fixed set (docs/services.md), so buyers
    /// can browse by it; anything that fits none is OTHER.
    Category {
        /// Pet sitting, dog walking, house sitting, gardening, errands.
        HomeAndPets => "HOME_AND_PETS",
        /// Babysitting, nannies, after-school care.
        Childcare => "CHILDCARE",
        /// School and university subjects, exam preparation.
        Tutoring => "TUTORING",
        /// Music, languages, sports, fitness, life and career coaching.
        LessonsAndCoaching => "LESSONS_AND_COACHING",
        /// Logos, illustration, web and product design.
        Design => "DESIGN",
        /// Copywriting, editing, articles, CVs.
        Writing => "WRITING",
        /// Translation and interpreting.
        Translation => "TRANSLATION",
        /// Websites, apps, scripts, data, IT help.
        Software => "SOFTWARE",
        /// Social media, SEO, advertising.
        Marketing => "MARKETING",
        /// Photo shoots and editing.
        Photography => "PHOTOGRAPHY",
        /// Video editing, animation, voice-over, music production.
        VideoAndAudio => "VIDEO_AND_AUDIO",
        /// Bookkeeping, legal and administrative help, consulting.
        Business => "BUSINESS",
        /// Catering, hosting, DJs, event planning.
        Events => "EVENTS",
        /// Handyman work, repairs, moving help, cleaning.
        RepairsAndCleaning => "REPAIRS_AND_CLEANING",
        /// Anything else.
        Other => "OTHER",
    }
);

text_enum!(
    /// Where a listing stands: only ACTIVE listings are found by search and can be ordered.
    ListingStatus { Active => "ACTIVE", Paused => "PAUSED", Archived => "ARCHIVED" }
);

impl State for ListingStatus {
    const NOUN: &'static str = "service";
    fn as_str(self) -> &'static str {
        ListingStatus::as_str(self)
    }
    fn parse(text: &str) -> Option<Self> {
        ListingStatus::parse(text)
    }
}

/// Listings' state machine: paused and resumed by the seller; archived for good.
pub(crate) const MACHINE: Machine<ListingStatus> = Machine {
    table: "services",
    transitions: "service_transitions",
    moves: Moves(&[
        (ListingStatus::Active, ListingStatus::Paused),
        (ListingStatus::Paused, ListingStatus::Active),
        (ListingStatus::Active, ListingStatus::Archived),
        (ListingStatus::Paused, ListingStatus::Archived),
    ]),
};

/// When the seller delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Within this many days (1..=365) of the deposit being paid.
    Days(u16),
    /// On a date the buyer picks when ordering.
    OnDate,
}

/// A service listed by a seller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub id: ServiceId,
    /// The listing's place in the sequence of listings (newer = larger).
    pub seq: i64,
    pub seller_id: UserId,
    pub title: String,
    pub description: String,
    pub category: Category,
    /// The price of one order; orders copy it, so a change applies to new orders only.
    pub price: Money,
    /// The share of the price the buyer pays up front (held in escrow), 1..=100.
    pub deposit_percent: u8,
    pub delivery: Delivery,
    /// A city or area where the service is given, if in person.
    pub location: Option<String>,
    /// Whether the service is (also) given remotely.
    pub remote: bool,
    /// Up to 10 short lower-case tags.
    pub tags: Vec<String>,
    /// Up to 10 absolute http(s) links to images.
    pub image_links: Vec<String>,
    pub status: ListingStatus,
    pub created_at: DateTime<Utc>,
    pub modified_at: DateTime<Utc>,
}

impl Listing {
    /// Whether a buyer may order it now (only ACTIVE listings can be ordered).
    pub fn orderable(&self) -> bool {
        self.status == ListingStatus::Active
    }
}

pub(crate) const COLUMNS: &str = "s.id, s.seq, s.seller_id, s.title, s.description, s.category, \
    s.price_amount, s.price_currency, s.deposit_percent, s.delivery_days, s.location, s.remote, \
    s.tags, s.image_links, s.status, s.created_at, s.modified_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<Listing> {
    let bad =
        |what: &str, text: &str| DomainError::internal(format!("stored service {what} {text}"));
    let id: String = row.try_get("id")?;
    let seller: String = row.try_get("seller_id")?;
    let category: String = row.try_get("category")?;
    let currency: String = row.try_get("price_currency")?;
    let deposit: i64 = row.try_get("deposit_percent")?;
    let days: Option<i64> = row.try_get("delivery_days")?;
    let remote: i64 = row.try_get("remote")?;
    let tags: String = row.try_get("tags")?;
    let images: String = row.try_get("image_links")?;
    let status: String = row.try_get("status")?;
    Ok(Listing {
        id: ServiceId::parse(&id)?,
        seq: row.try_get("seq")?,
        seller_id: UserId::parse(&seller)?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        category: Category::parse(&category).ok_or_else(|| bad("category", &category))?,
        price: Money::new(row.try_get("price_amount")?, Currency::parse(&currency)?),
        deposit_percent: u8::try_from(deposit).map_err(|e| bad("deposit", &e.to_string()))?,
        delivery: match days {
            Some(d) => Delivery::Days(u16::try_from(d).map_err(|e| bad("days", &e.to_string()))?),
            None => Delivery::OnDate,
        },
        location: row.try_get("location")?,
        remote: remote != 0,
        tags: serde_json::from_str(&tags).map_err(|e| bad("tags", &e.to_string()))?,
        image_links: serde_json::from_str(&images).map_err(|e| bad("images", &e.to_string()))?,
        status: ListingStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        created_at: from_micros(row.try_get("created_at")?),
        modified_at: from_micros(row.try_get("modified_at")?),
    })
}
