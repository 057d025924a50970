//! Reading and changing profiles: the public profile anyone may see (no email, no
//! private fields), the owner's own view, profile updates, and freelancer briefs.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use openlance_core::id::UserId;
use openlance_core::{Cursor, DomainError, Money, Page, Result};
use serde::Serialize;
use sqlx::Row;

use crate::profiles::item_kinds::{self, ProfileItems};
use crate::profiles::item_kinds::{Achievement, Education, Experience};
use crate::profiles::profile::{ProfileDetails, ProfilePatch};
use crate::profiles::profile_store;
use crate::{Accounts, Role, user};

/// The account, its profile and its items, by user id (see `load_profile`).
static PROFILE_SQL: LazyLock<String> = LazyLock::new(|| {
    let account = user::COLUMNS.split(", ").map(|c| format!("u.{c}"));
    let profile = profile_store::COLUMNS.iter().map(|c| format!("p.{c}"));
    let columns: Vec<String> = account.chain(profile).collect();
    format!(
        "SELECT {}, i.kind AS item_kind, i.data AS item_data FROM users u \
         JOIN user_profiles p ON p.user_id = u.id \
         LEFT JOIN profile_items i ON i.user_id = u.id \
         WHERE u.id = $1 ORDER BY i.kind, i.id",
        columns.join(", ")
    )
});

/// What anyone may see of a user.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PublicProfile {
    pub id: UserId,
    pub name: String,
    pub roles: Vec<Role>,
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    pub photo_link: Option<String>,
    pub resume_link: Option<String>,
    pub job_title: Option<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub hourly_rate: Option<Money>,
    pub company_name: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub company_description: Option<String>,
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
    pub achievements: Vec<Achievement>,
    pub member_since: DateTime<Utc>,
}

/// The owner's view of their own account: the public profile plus private fields.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MyProfile {
    #[serde(flatten)]
    pub profile: PublicProfile,
    pub email: String,
    pub email_verified: bool,
    /// Private.
    pub birth_date: Option<String>,
}

/// A freelancer in a list: public fields only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FreelancerBrief {
    pub id: UserId,
    pub full_name: String,
    pub job_title: Option<String>,
    pub city: Option<String>,
    pub photo_link: Option<String>,
    pub skills: Vec<String>,
}

impl Accounts {
    fn build_public(
        stored: user::StoredUser,
        d: ProfileDetails,
        items: ProfileItems,
    ) -> PublicProfile {
        let id = stored.user.id;
        PublicProfile {
            id,
            name: stored.user.name,
            roles: stored.user.roles,
            headline: d.headline,
            bio: d.bio,
            city: d.city,
            photo_link: d.photo_link,
            resume_link: d.resume_link,
            job_title: d.job_title,
            skills: d.skills,
            languages: d.languages,
            hourly_rate: d.hourly_rate,
            company_name: d.company_name,
            industry: d.industry,
            employee_count: d.employee_count,
            company_description: d.company_description,
            experience: items.experience,
            education: items.education,
            achievements: items.achievements,
            member_since: stored.user.created_at,
        }
    }

    /// A live user with their profile and items, read on one connection.
    async fn load_profile(
        &self,
        id: UserId,
    ) -> Result<(user::StoredUser, ProfileDetails, ProfileItems)> {
        // One query: the account, its profile, and one row per profile item (the account
        // and profile columns repeat on each; a profile without items gives one row).
        let rows = sqlx::query(sqlx::AssertSqlSafe(PROFILE_SQL.as_str()))
            .bind(id.to_string())
            .fetch_all(self.db.reader())
            .await?;
        let Some(first) = rows.first() else {
            return Err(DomainError::NotFound("user"));
        };
        let stored = user::from_row(first)?;
        if stored.deleted {
            return Err(DomainError::NotFound("user"));
        }
        let details = profile_store::from_row(first)?;
        let mut items = ProfileItems::default();
        for row in &rows {
            let kind: Option<String> = row.try_get("item_kind")?;
            let data: Option<String> = row.try_get("item_data")?;
            if let (Some(kind), Some(data)) = (kind, data) {
                item_kinds::add(&mut items, &kind, &data)?;
            }
        }
        Ok((stored, details, items))
    }

    /// The public profile of a live user; deleted or unknown users are a 404.
    pub async fn public_profile(&self, id: UserId) -> Result<PublicProfile> {
        let (stored, details, items) = self.load_profile(id).await?;
        Ok(Self::build_public(stored, details, items))
    }

    /// The caller's own profile, private fields included.
    pub async fn my_profile(&self, id: UserId) -> Result<MyProfile> {
        let (stored, details, items) = self.load_profile(id).await?;
        let email = stored.user.email.clone();
        let email_verified = stored.user.email_verified;
        let birth_date = details.birth_date.clone();
        Ok(MyProfile {
            profile: Self::build_public(stored, details, items),
            email,
            email_verified,
            birth_date,
        })
    }

    /// Changes the caller's profile (and display name); validates everything first.
    pub async fn update_profile(&self, id: UserId, patch: &ProfilePatch) -> Result<MyProfile> {
        patch.validate()?;
        let name = match &patch.name {
            Some(n) => Some(user::parse_name(n, "name")?),
            None => None,
        };
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        user::live(tx.conn(), id).await?;
        if let Some(name) = name {
            user::set_name(tx.conn(), id, &name, now).await?;
        }
        profile_store::apply(tx.conn(), id, patch, now).await?;
        tx.commit().await?;
        self.my_profile(id).await
    }

    /// Live freelancers, oldest account first, a page at a time.
    pub async fn freelancer_briefs(
        &self,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<Page<FreelancerBrief>> {
        let after: String = match cursor {
            Some(c) => Cursor::decode(c)?,
            None => String::new(),
        };
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, u.created_at, p.job_title, p.city, p.photo_link, p.skills \
             FROM users u JOIN user_profiles p ON p.user_id = u.id \
             WHERE u.deleted_at IS NULL AND u.roles LIKE $1 AND u.id > $2 ORDER BY u.id LIMIT $3",
        )
        .bind("%\"FREELANCER\"%")
        .bind(after)
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(self.db.reader())
        .await?;
        let briefs = rows
            .iter()
            .map(|r| {
                let id: String = r.try_get("id")?;
                let skills: String = r.try_get("skills")?;
                Ok(FreelancerBrief {
                    id: UserId::parse(&id).map_err(DomainError::internal)?,
                    full_name: r.try_get("display_name")?,
                    job_title: r.try_get("job_title")?,
                    city: r.try_get("city")?,
                    photo_link: r.try_get("photo_link")?,
                    skills: serde_json::from_str(&skills).map_err(DomainError::internal)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::from_rows(briefs, limit, |b| b.id.to_string()))
    }
}
