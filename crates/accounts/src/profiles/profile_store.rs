//! The `user_profiles` rows: one per user, loaded and saved whole.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{Currency, DomainError, Money, Result};
use sqlx::{AnyConnection, Row};

use crate::profiles::profile::{ProfileDetails, ProfilePatch};

pub(crate) async fn create(conn: &mut AnyConnection, id: UserId, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("INSERT INTO user_profiles (user_id, updated_at) VALUES ($1, $2)")
        .bind(id.to_string())
        .bind(to_micros(now))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The profile's columns, in `user_profiles` (alias `p` in joins).
pub(crate) const COLUMNS: [&str; 15] = [
    "headline",
    "bio",
    "city",
    "photo_link",
    "resume_link",
    "job_title",
    "birth_date",
    "skills",
    "languages",
    "hourly_rate_amount",
    "hourly_rate_currency",
    "company_name",
    "industry",
    "employee_count",
    "company_description",
];

pub(crate) async fn load(conn: &mut AnyConnection, id: UserId) -> Result<ProfileDetails> {
    let sql = format!(
        "SELECT {} FROM user_profiles WHERE user_id = $1",
        COLUMNS.join(", ")
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(DomainError::NotFound("user"))?;
    from_row(&row)
}

/// The profile in a row that holds [`COLUMNS`].
pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<ProfileDetails> {
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
