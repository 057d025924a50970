//! Bulk loading of accounts for `openlance seed`: many verified users with their
//! profiles in a few multi-row statements, all sharing one password hash (Argon2id is
//! slow by design: hashing each seeded password would take hours). Stored as
//! registration and verification store them; no events are written, so nobody is
//! welcomed or asked to verify.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::to_micros;
use openlance_core::{DomainError, Money, Result};
use openlance_storage::bulk;
use openlance_storage::{Db, Tx};

use crate::Role;
use crate::auth::password::{self, Password};
use crate::email::Email;
use crate::user::{parse_name, roles_to_text};

/// A verified user with a filled-in profile, as the seeder makes one.
#[derive(Clone, Debug)]
pub struct SeedUser {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    pub job_title: Option<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub hourly_rate: Option<Money>,
    pub joined_at: DateTime<Utc>,
}

/// The stored hash of `password`, computed once and given to [`insert_users`].
pub fn password_hash(password: &str) -> Result<String> {
    let password = Password::parse(password, "password")?;
    password::hash_now(password.expose())
}

/// Whether an account (live or deleted) already has this email.
pub async fn email_taken(db: &Db, email: &str) -> Result<bool> {
    let email = Email::parse(email, "email")?;
    let row = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(db.reader())
        .await?;
    Ok(row.is_some())
}

const USER_COLUMNS: [&str; 9] = [
    "id",
    "email",
    "password_hash",
    "display_name",
    "roles",
    "email_verified_at",
    "created_at",
    "updated_at",
    "deleted_at",
];

const PROFILE_COLUMNS: [&str; 10] = [
    "user_id",
    "headline",
    "bio",
    "city",
    "job_title",
    "skills",
    "languages",
    "hourly_rate_amount",
    "hourly_rate_currency",
    "updated_at",
];

/// Inserts `users`, verified, each with `password_hash` and a profile. A taken email
/// fails the whole transaction. Returns their ids, in order.
pub async fn insert_users(
    tx: &mut Tx,
    password_hash: &str,
    users: Vec<SeedUser>,
) -> Result<Vec<UserId>> {
    let json = |l: &[String]| serde_json::to_string(l).map_err(DomainError::internal);
    let mut accounts = Vec::with_capacity(users.len());
    let mut profiles = Vec::with_capacity(users.len());
    for user in users {
        let email = Email::parse(&user.email, "email")?;
        let name = parse_name(&user.name, "name")?;
        if user.roles.is_empty() {
            return Err(DomainError::invalid("roles", "give at least one role"));
        }
        let joined = to_micros(user.joined_at);
        let id = UserId(bulk::id_at(joined));
        accounts.push((
            id,
            email.as_str().to_string(),
            name,
            roles_to_text(&user.roles)?,
            joined,
        ));
        profiles.push((
            id,
            json(&user.skills)?,
            json(&user.languages)?,
            user,
            joined,
        ));
    }
    let ids = accounts.iter().map(|a| a.0).collect();
    let hash = password_hash.to_string();
    bulk::insert(tx, "users", &USER_COLUMNS, accounts, |q, a| {
        let (id, email, name, roles, joined) = a;
        q.bind(id.to_string())
            .bind(email)
            .bind(hash.clone())
            .bind(name)
            .bind(roles)
            .bind(joined)
            .bind(joined)
            .bind(joined)
            .bind(None::<i64>)
    })
    .await?;
    bulk::insert(tx, "user_profiles", &PROFILE_COLUMNS, profiles, |q, p| {
        let (id, skills, languages, user, joined) = p;
        q.bind(id.to_string())
            .bind(user.headline)
            .bind(user.bio)
            .bind(user.city)
            .bind(user.job_title)
            .bind(skills)
            .bind(languages)
            .bind(user.hourly_rate.map(|m| m.amount))
            .bind(user.hourly_rate.map(|m| m.currency.code().to_string()))
            .bind(joined)
    })
    .await?;
    Ok(ids)
}
