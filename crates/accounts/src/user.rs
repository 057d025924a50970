//! Users: the account as other code sees it, and its rows in `users`.

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::time::{from_micros, to_micros};
use openlance_core::{DomainError, Result};
use openlance_storage::{Backend, Tx};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::Role;
use crate::email::Email;
use crate::text::Text;

/// An account as its owner sees it (the public profile hides the email).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub email_verified: bool,
    pub created_at: DateTime<Utc>,
}

/// A user row with the fields only the accounts context reads.
#[derive(Debug, Clone)]
pub(crate) struct StoredUser {
    pub user: User,
    pub password_hash: Option<String>,
    pub deleted: bool,
}

pub(crate) const COLUMNS: &str =
    "id, email, password_hash, display_name, roles, email_verified_at, deleted_at, created_at";

pub(crate) fn roles_to_text(roles: &[Role]) -> Result<String> {
    serde_json::to_string(roles).map_err(DomainError::internal)
}

pub(crate) fn from_row(row: &sqlx::any::AnyRow) -> Result<StoredUser> {
    let id: String = row.try_get("id")?;
    let roles: String = row.try_get("roles")?;
    let user = User {
        id: UserId::parse(&id).map_err(DomainError::internal)?,
        email: row
            .try_get::<Option<String>, _>("email")?
            .unwrap_or_default(),
        name: row.try_get("display_name")?,
        roles: serde_json::from_str(&roles).map_err(DomainError::internal)?,
        email_verified: row
            .try_get::<Option<i64>, _>("email_verified_at")?
            .is_some(),
        created_at: from_micros(row.try_get("created_at")?),
    };
    Ok(StoredUser {
        user,
        password_hash: row.try_get("password_hash")?,
        deleted: row.try_get::<Option<i64>, _>("deleted_at")?.is_some(),
    })
}

/// Inserts a new user; a taken email is a 409.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    user: &User,
    password_hash: &str,
) -> Result<()> {
    let now = to_micros(user.created_at);
    let done = sqlx::query(
        "INSERT INTO users (id, email, password_hash, display_name, roles, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (email) DO NOTHING",
    )
    .bind(user.id.to_string())
    .bind(&user.email)
    .bind(password_hash)
    .bind(&user.name)
    .bind(roles_to_text(&user.roles)?)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DomainError::conflict(
            "email_taken",
            "an account with this email already exists",
        ));
    }
    Ok(())
}

pub(crate) async fn find_by_email(
    conn: &mut AnyConnection,
    email: &Email,
) -> Result<Option<StoredUser>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(email.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub(crate) async fn find_by_id(conn: &mut AnyConnection, id: UserId) -> Result<Option<StoredUser>> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Serialises the account's credential changes (refresh, logout, password reset,
/// deletion) for the rest of `tx`: on PostgreSQL the user's row is locked until the
/// transaction ends; on SQLite the single writer connection already runs write
/// transactions one at a time. Every read that decides (is this refresh token live?)
/// must follow this call in the same transaction.
pub(crate) async fn lock(tx: &mut Tx, id: UserId) -> Result<()> {
    if tx.backend() == Backend::Postgres {
        sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
            .bind(id.to_string())
            .fetch_optional(tx.conn())
            .await?;
    }
    Ok(())
}

/// The live (not deleted) user, or `NotFound("user")`.
pub(crate) async fn live(conn: &mut AnyConnection, id: UserId) -> Result<StoredUser> {
    match find_by_id(conn, id).await? {
        Some(u) if !u.deleted => Ok(u),
        _ => Err(DomainError::NotFound("user")),
    }
}

pub(crate) async fn set_password_hash(
    conn: &mut AnyConnection,
    id: UserId,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) async fn set_name(
    conn: &mut AnyConnection,
    id: UserId,
    name: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE users SET display_name = $1, updated_at = $2 WHERE id = $3")
        .bind(name)
        .bind(to_micros(now))
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A display name: trimmed, 1 to 100 characters, one line.
pub fn parse_name(text: &str, field: &str) -> Result<String> {
    Text::line(100).parse(text, field)
}
