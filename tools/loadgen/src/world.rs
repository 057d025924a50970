//! What the read scenarios need from a seeded marketplace, collected through the API before
//! the load starts (never from the database): job and service ids from the first pages of
//! `GET /api/v1/jobs` and `GET /api/v1/services`, search words from the titles read, and
//! access tokens of seeded users (`seed{n}@example.com`, password `seed password 2026`).

use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

pub const SEED_PASSWORD: &str = "seed password 2026";
/// Pages of 100 read from each list.
const PAGES: usize = 10;

pub struct Listing {
    pub id: String,
    pub seller_id: String,
}

pub struct Account {
    pub id: String,
    pub token: String,
}

pub struct World {
    pub jobs: Vec<String>,
    pub services: Vec<Listing>,
    pub job_words: Vec<String>,
    pub service_words: Vec<String>,
    pub accounts: Vec<Account>,
}

static WORLD: OnceLock<World> = OnceLock::new();

pub fn set(world: World) {
    let _ = WORLD.set(world);
}

/// The collected world; the read scenarios are only registered after `set`.
pub fn get() -> Option<&'static World> {
    WORLD.get()
}

impl World {
    /// Reads the lists and logs in as `seed1..=seed{logins}`.
    pub async fn collect(
        base: &reqwest::Url,
        seed_users: usize,
        logins: usize,
    ) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let jobs = pages(&http, base, "/api/v1/jobs").await?;
        let services = pages(&http, base, "/api/v1/services").await?;
        if jobs.is_empty() || services.is_empty() {
            bail!(
                "the marketplace has {} jobs and {} services: seed it first (openlance seed)",
                jobs.len(),
                services.len()
            );
        }
        let mut accounts = Vec::new();
        for n in 1..=logins.clamp(1, seed_users.max(1)) {
            accounts.push(log_in(&http, base, n).await?);
        }
        Ok(Self {
            job_words: title_words(&jobs),
            service_words: title_words(&services),
            jobs: ids(&jobs),
            services: services
                .iter()
                .filter_map(|s| {
                    Some(Listing {
                        id: s["id"].as_str()?.to_string(),
                        seller_id: s["sellerId"].as_str()?.to_string(),
                    })
                })
                .collect(),
            accounts,
        })
    }

    /// An account for the `i`th simulated user.
    pub fn account(&self, i: usize) -> &Account {
        &self.accounts[i % self.accounts.len()]
    }
}

/// Up to `PAGES` pages of a public list, newest first.
async fn pages(
    http: &reqwest::Client,
    base: &reqwest::Url,
    path: &str,
) -> anyhow::Result<Vec<Value>> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..PAGES {
        let mut url = base.join(path)?;
        url.query_pairs_mut().append_pair("limit", "100");
        if let Some(c) = &cursor {
            url.query_pairs_mut().append_pair("cursor", c);
        }
        let res = http.get(url.clone()).send().await?;
        let status = res.status();
        let page: Value = res.json().await.with_context(|| format!("GET {url}"))?;
        if !status.is_success() {
            bail!("GET {url}: {status} {page}");
        }
        if let Some(list) = page["items"].as_array() {
            items.extend(list.iter().cloned());
        }
        match page["nextCursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    Ok(items)
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect()
}

/// Distinct lower-case words of four letters or more from the items' titles.
fn title_words(items: &[Value]) -> Vec<String> {
    let words: BTreeSet<String> = items
        .iter()
        .filter_map(|i| i["title"].as_str())
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 4 && w.is_ascii())
        .map(str::to_lowercase)
        .collect();
    words.into_iter().collect()
}

/// Logs in as `seed{n}@example.com`, waiting out a 503 `overloaded` as a client would.
async fn log_in(http: &reqwest::Client, base: &reqwest::Url, n: usize) -> anyhow::Result<Account> {
    let email = format!("seed{n}@example.com");
    let url = base.join("/api/v1/auth/login")?;
    for _ in 0..20 {
        let res = http
            .post(url.clone())
            .header("x-forwarded-for", "127.0.0.1")
            .json(&json!({"email": email, "password": SEED_PASSWORD}))
            .send()
            .await?;
        let status = res.status();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        if status.as_u16() == 503 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        }
        if !status.is_success() {
            bail!("log in as {email}: {status} {body} (is the marketplace seeded with --users?)");
        }
        let token = body["accessToken"].as_str();
        let id = body["user"]["id"].as_str();
        return match (id, token) {
            (Some(id), Some(token)) => Ok(Account {
                id: id.to_string(),
                token: token.to_string(),
            }),
            _ => bail!("log in as {email}: no user.id or accessToken in {body}"),
        };
    }
    bail!("log in as {email}: still overloaded after 20 tries")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_words_are_distinct_lowercase_and_long_enough() {
        let items = vec![
            json!({"title": "Logo design for a Bakery"}),
            json!({"title": "bakery website, fast"}),
            json!({"title": "Café menu"}),
        ];
        assert_eq!(
            title_words(&items),
            ["bakery", "design", "fast", "logo", "menu", "website"]
        );
    }
}
