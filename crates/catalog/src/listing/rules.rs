//! What a seller sends to list or change a service, and the rules its fields follow. Every
//! broken rule is collected, so a seller sees all of them at once, and nothing is written.

use openlance_core::{DomainError, Money, Validator};

use super::{Category, Delivery};

/// What a seller lists. `deposit_percent` defaults to 50.
#[derive(Clone, Debug)]
pub struct NewListing {
    pub title: String,
    pub description: String,
    pub category: Category,
    pub price: Money,
    pub deposit_percent: Option<i64>,
    pub delivery: Delivery,
    pub location: Option<String>,
    pub remote: bool,
    pub tags: Vec<String>,
    pub image_links: Vec<String>,
}

/// Changes to a listing; `None` leaves a field as it is. `location: Some(None)` removes
/// the location (the listing must then be remote). `status` pauses (PAUSED) or resumes
/// (ACTIVE) it; archiving is [`crate::Catalog::archive_service`].
#[derive(Clone, Debug, Default)]
pub struct ListingChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Option<Category>,
    pub price: Option<Money>,
    pub deposit_percent: Option<i64>,
    pub delivery: Option<Delivery>,
    pub location: Option<Option<String>>,
    pub remote: Option<bool>,
    pub tags: Option<Vec<String>>,
    pub image_links: Option<Vec<String>>,
    pub status: Option<super::ListingStatus>,
}

pub(crate) const DEFAULT_DEPOSIT_PERCENT: u8 = 50;
const MAX_TITLE: usize = 200;
const MAX_DESCRIPTION: usize = 20_000;
const MAX_LOCATION: usize = 200;
const MAX_TAGS: usize = 10;
const MAX_TAG: usize = 30;
const MAX_IMAGES: usize = 10;
const MAX_LINK: usize = 2_000;
/// 10,000,000,000 major units in cents: far above any real service, well inside i64.
const MAX_PRICE: i64 = 1_000_000_000_000;

impl Delivery {
    /// Delivery within `days` of the deposit; 1..=365.
    pub fn in_days(days: i64) -> Result<Self, DomainError> {
        match u16::try_from(days) {
            Ok(d) if (1..=365).contains(&d) => Ok(Self::Days(d)),
            _ => Err(DomainError::invalid(
                "delivery.days",
                "must be between 1 and 365",
            )),
        }
    }
}

pub(crate) fn check_title(v: &mut Validator, title: &str) {
    let len = title.trim().chars().count();
    v.check(len > 0, "title", "must not be empty");
    v.check(
        len <= MAX_TITLE,
        "title",
        format!("at most {MAX_TITLE} characters"),
    );
}

pub(crate) fn check_description(v: &mut Validator, description: &str) {
    let len = description.trim().chars().count();
    v.check(len > 0, "description", "must not be empty");
    v.check(
        len <= MAX_DESCRIPTION,
        "description",
        format!("at most {MAX_DESCRIPTION} characters"),
    );
}

pub(crate) fn check_price(v: &mut Validator, price: &Money) {
    v.check(price.amount > 0, "price.amount", "must be positive");
    v.check(
        price.amount <= MAX_PRICE,
        "price.amount",
        "must be at most 10,000,000,000 in major units",
    );
}

/// The deposit percent, 1..=100.
pub(crate) fn deposit(v: &mut Validator, percent: i64) -> u8 {
    v.check(
        (1..=100).contains(&percent),
        "depositPercent",
        "must be between 1 and 100",
    );
    u8::try_from(percent.clamp(1, 100)).unwrap_or(DEFAULT_DEPOSIT_PERCENT)
}

pub(crate) fn check_delivery(v: &mut Validator, delivery: Delivery) {
    if let Delivery::Days(d) = delivery {
        v.check(
            (1..=365).contains(&d),
            "delivery.days",
            "must be between 1 and 365",
        );
    }
}

/// The trimmed location; an empty one is no location.
pub(crate) fn clean_location(v: &mut Validator, location: Option<&str>) -> Option<String> {
    let l = location.map(str::trim).filter(|l| !l.is_empty())?;
    v.check(
        l.chars().count() <= MAX_LOCATION,
        "location",
        format!("at most {MAX_LOCATION} characters"),
    );
    Some(l.to_string())
}

/// A listing is given somewhere, remotely, or both.
pub(crate) fn check_place(v: &mut Validator, location: Option<&str>, remote: bool) {
    v.check(
        location.is_some() || remote,
        "location",
        "give a location or set remote to true",
    );
}

/// Tags in lower case with single spaces; duplicates are dropped. Letters, digits,
/// spaces and hyphens only, at most 30 characters each, at most 10.
pub(crate) fn clean_tags(v: &mut Validator, tags: &[String]) -> Vec<String> {
    v.check(
        tags.len() <= MAX_TAGS,
        "tags",
        format!("at most {MAX_TAGS} tags"),
    );
    let mut out: Vec<String> = Vec::new();
    for (i, tag) in tags.iter().enumerate() {
        let t = tag
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let field = format!("tags[{i}]");
        let len = t.chars().count();
        v.check(len > 0, field.clone(), "must not be empty");
        v.check(
            len <= MAX_TAG,
            field.clone(),
            format!("at most {MAX_TAG} characters"),
        );
        v.check(
            t.chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-'),
            field,
            "letters, digits, spaces and hyphens only",
        );
        if len > 0 && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Image links: absolute http(s) URLs with a host, no spaces, at most 10.
pub(crate) fn clean_images(v: &mut Validator, links: &[String]) -> Vec<String> {
    v.check(
        links.len() <= MAX_IMAGES,
        "imageLinks",
        format!("at most {MAX_IMAGES} links"),
    );
    let mut out = Vec::with_capacity(links.len());
    for (i, link) in links.iter().enumerate() {
        let l = link.trim();
        let field = format!("imageLinks[{i}]");
        v.check(
            l.len() <= MAX_LINK,
            field.clone(),
            format!("at most {MAX_LINK} characters"),
        );
        v.check(is_web_link(l), field, "must be an absolute http(s) URL");
        out.push(l.to_string());
    }
    out
}

fn is_web_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &link[8..]
    } else if lower.starts_with("http://") {
        &link[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.starts_with(['@', ':', '.'])
        && !link.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A new listing's fields, checked and cleaned by the rules above.
pub(crate) struct CheckedListing {
    pub deposit_percent: u8,
    pub location: Option<String>,
    pub tags: Vec<String>,
    pub image_links: Vec<String>,
}

/// Checks a new listing as a whole (every rule, all errors at once): the one check for a
/// listed service and a seeded one.
pub(crate) fn check_new(new: &super::NewListing) -> openlance_core::Result<CheckedListing> {
    let mut v = Validator::new();
    check_title(&mut v, &new.title);
    check_description(&mut v, &new.description);
    check_price(&mut v, &new.price);
    let deposit_percent = deposit(
        &mut v,
        new.deposit_percent
            .unwrap_or(i64::from(DEFAULT_DEPOSIT_PERCENT)),
    );
    check_delivery(&mut v, new.delivery);
    let location = clean_location(&mut v, new.location.as_deref());
    check_place(&mut v, location.as_deref(), new.remote);
    let tags = clean_tags(&mut v, &new.tags);
    let image_links = clean_images(&mut v, &new.image_links);
    v.finish()?;
    Ok(CheckedListing {
        deposit_percent,
        location,
        tags,
        image_links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_are_absolute_http_urls_with_a_host() {
        for ok in [
            "https://cdn.example.com/a.png",
            "http://x.io",
            "HTTPS://Example.com/p?q=1#f",
        ] {
            assert!(is_web_link(ok), "{ok}");
        }
        for bad in [
            "ftp://x.io/a",
            "https://",
            "https:///a.png",
            "/a.png",
            "https://a b.com",
            "javascript:alert(1)",
            "https://:80/",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }

    #[test]
    fn tags_are_lower_cased_deduplicated_and_checked() {
        let mut v = Validator::new();
        let tags = clean_tags(
            &mut v,
            &["Dog  Walking".into(), "dog walking".into(), "cats".into()],
        );
        assert_eq!(tags, ["dog walking", "cats"]);
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        clean_tags(&mut v, &["<b>".into(), " ".into()]);
        let DomainError::Validation(errors) = v.finish().unwrap_err() else {
            panic!()
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["tags[0]", "tags[1]"]);
    }
}
