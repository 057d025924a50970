//! Profiles: the details a user shows the marketplace (headline, bio, skills, rate, company
//! …) and the few they keep private (birth date). Stored one row per user in
//! `user_profiles`; changed through [`ProfilePatch`], which validates every field first.

use chrono::{DateTime, NaiveDate, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{Currency, DomainError, Money, Result, Validator};
use serde::Deserialize;
use sqlx::{AnyConnection, Row};

/// The stored profile details of one user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileDetails {
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    pub photo_link: Option<String>,
    pub resume_link: Option<String>,
    pub job_title: Option<String>,
    /// Private: shown only to the owner.
    pub birth_date: Option<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub hourly_rate: Option<Money>,
    pub company_name: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub company_description: Option<String>,
}

/// A partial update; absent fields are left alone, an empty string clears a text field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePatch {
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    /// An http(s) URL.
    pub photo_link: Option<String>,
    /// An http(s) URL.
    pub resume_link: Option<String>,
    pub job_title: Option<String>,
    /// `YYYY-MM-DD`; private.
    pub birth_date: Option<String>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub hourly_rate: Option<Money>,
    pub company_name: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub company_description: Option<String>,
}

fn text(v: &mut Validator, value: &Option<String>, field: &str, max: usize) {
    if let Some(s) = value {
        v.check(
            s.chars().count() <= max,
            field,
            format!("must be at most {max} characters"),
        );
        v.check(
            !s.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t'),
            field,
            "must not contain control characters",
        );
    }
}

/// Checks an http(s) URL as given for a photo or resume link.
pub fn check_link(s: &str, field: &str) -> Result<()> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let ok = s.len() <= 2048
        && rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !r.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            "must be an http:// or https:// URL",
        ))
    }
}

/// Checks a list of short labels (skills, languages).
pub fn check_label(s: &str, field: &str) -> Result<()> {
    let n = s.trim().chars().count();
    if n == 0 || n > 50 || s.chars().any(char::is_control) {
        return Err(DomainError::invalid(field, "must be 1 to 50 characters"));
    }
    Ok(())
}

/// Checks a `YYYY-MM-DD` date.
pub fn check_date(s: &str, field: &str) -> Result<()> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|_| ())
        .map_err(|_| DomainError::invalid(field, "must be a date like 2024-01-31"))
}

impl ProfilePatch {
    /// Every field error at once, with the patch's JSON field names.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        text(&mut v, &self.headline, "headline", 120);
        text(&mut v, &self.bio, "bio", 5000);
        text(&mut v, &self.city, "city", 100);
        text(&mut v, &self.job_title, "jobTitle", 120);
        text(&mut v, &self.company_name, "companyName", 200);
        text(&mut v, &self.industry, "industry", 100);
        text(
            &mut v,
            &self.company_description,
            "companyDescription",
            5000,
        );
        for (value, field) in [
            (&self.photo_link, "photoLink"),
            (&self.resume_link, "resumeLink"),
        ] {
            if let Some(s) = value.as_deref().filter(|s| !s.is_empty()) {
                v.take(check_link(s, field));
            }
        }
        if let Some(d) = self.birth_date.as_deref().filter(|s| !s.is_empty()) {
            v.take(check_date(d, "birthDate"));
        }
        for (list, name) in [(&self.skills, "skills"), (&self.languages, "languages")] {
            if let Some(list) = list {
                v.check(list.len() <= 50, name, "at most 50 entries");
                for (i, s) in list.iter().enumerate() {
                    v.take(check_label(s, &format!("{name}[{i}]")));
                }
            }
        }
        if let Some(rate) = &self.hourly_rate {
            v.check(
                rate.amount > 0 && rate.amount <= 100_000_000,
                "hourlyRate.amount",
                "must be a positive number of minor units, at most 100000000",
            );
        }
        if let Some(n) = self.employee_count {
            v.check(
                (0..=10_000_000).contains(&n),
                "employeeCount",
                "must be between 0 and 10000000",
            );
        }
        v.finish()
    }

    /// Applies the (validated) patch to stored details.
    pub fn apply_to(&self, d: &mut ProfileDetails) {
        let set = |target: &mut Option<String>, value: &Option<String>| {
            if let Some(s) = value {
                let s = s.trim();
                *target = (!s.is_empty()).then(|| s.to_string());
            }
        };
        set(&mut d.headline, &self.headline);
        set(&mut d.bio, &self.bio);
        set(&mut d.city, &self.city);
        set(&mut d.photo_link, &self.photo_link);
        set(&mut d.resume_link, &self.resume_link);
        set(&mut d.job_title, &self.job_title);
        set(&mut d.birth_date, &self.birth_date);
        set(&mut d.company_name, &self.company_name);
        set(&mut d.industry, &self.industry);
        set(&mut d.company_description, &self.company_description);
        if let Some(list) = &self.skills {
            d.skills = normalize_labels(list);
        }
        if let Some(list) = &self.languages {
            d.languages = normalize_labels(list);
        }
        if self.hourly_rate.is_some() {
            d.hourly_rate = self.hourly_rate;
        }
        if self.employee_count.is_some() {
            d.employee_count = self.employee_count;
        }
    }
}

/// Trims labels and drops case-insensitive duplicates, keeping the first spelling.
pub fn normalize_labels(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list {
        let s = s.trim();
        if !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    }
    out
}

pub(crate) async fn create(conn: &mut AnyConnection, id: UserId, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("INSERT INTO user_profiles (user_id, updated_at) VALUES ($1, $2)")
        .bind(id.to_string())
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn load(conn: &mut AnyConnection, id: UserId) -> Result<ProfileDetails> {
    let row = sqlx::query(
        "SELECT headline, bio, city, photo_link, resume_link, job_title, birth_date, skills, \
         languages, hourly_rate_amount, hourly_rate_currency, company_name, industry, \
         employee_count, company_description FROM user_profiles WHERE user_id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(DomainError::NotFound("user"))?;
    let list = |col: &str| -> Result<Vec<String>> {
        let text: String = row.try_get(col)?;
        serde_json::from_str(&text).map_err(DomainError::internal)
    };
    let amount: Option<i64> = row.try_get("hourly_rate_amount")?;
    let currency: Option<String> = row.try_get("hourly_rate_currency")?;
    let hourly_rate = match (amount, currency) {
        (Some(a), Some(c)) => Some(Money::new(a, Currency::parse(&c)?)),
        _ => None,
    };
    Ok(ProfileDetails {
        headline: row.try_get("headline")?,
        bio: row.try_get("bio")?,
        city: row.try_get("city")?,
        photo_link: row.try_get("photo_link")?,
        resume_link: row.try_get("resume_link")?,
        job_title: row.try_get("job_title")?,
        birth_date: row.try_get("birth_date")?,
        skills: list("skills")?,
        languages: list("languages")?,
        hourly_rate,
        company_name: row.try_get("company_name")?,
        industry: row.try_get("industry")?,
        employee_count: row.try_get("employee_count")?,
        company_description: row.try_get("company_description")?,
    })
}

pub(crate) async fn save(
    conn: &mut AnyConnection,
    id: UserId,
    d: &ProfileDetails,
    now: DateTime<Utc>,
) -> Result<()> {
    let json = |l: &Vec<String>| serde_json::to_string(l).map_err(DomainError::internal);
    sqlx::query(
        "UPDATE user_profiles SET headline = $1, bio = $2, city = $3, photo_link = $4, \
         resume_link = $5, job_title = $6, birth_date = $7, skills = $8, languages = $9, \
         hourly_rate_amount = $10, hourly_rate_currency = $11, company_name = $12, \
         industry = $13, employee_count = $14, company_description = $15, updated_at = $16 \
         WHERE user_id = $17",
    )
    .bind(d.headline.clone())
    .bind(d.bio.clone())
    .bind(d.city.clone())
    .bind(d.photo_link.clone())
    .bind(d.resume_link.clone())
    .bind(d.job_title.clone())
    .bind(d.birth_date.clone())
    .bind(json(&d.skills)?)
    .bind(json(&d.languages)?)
    .bind(d.hourly_rate.map(|m| m.amount))
    .bind(d.hourly_rate.map(|m| m.currency.code().to_string()))
    .bind(d.company_name.clone())
    .bind(d.industry.clone())
    .bind(d.employee_count)
    .bind(d.company_description.clone())
    .bind(to_micros(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Loads, patches and saves a profile in the caller's transaction.
pub(crate) async fn apply(
    conn: &mut AnyConnection,
    id: UserId,
    patch: &ProfilePatch,
    now: DateTime<Utc>,
) -> Result<ProfileDetails> {
    let mut details = load(conn, id).await?;
    if *patch != ProfilePatch::default() {
        patch.apply_to(&mut details);
        save(conn, id, &details, now).await?;
    }
    Ok(details)
}
