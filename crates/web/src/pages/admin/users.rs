//! `GET /admin/users`: every account, newest first, with a search on e-mail or name —
//! who they are, their roles, whether the e-mail is confirmed, when they joined, and a
//! link to their public profile.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use openlance_http::AppState;
use serde::Deserialize;

use super::admins_only;
use crate::ctx::{Ctx, SignedIn, urlencode};
use crate::error::WebError;

pub struct UserLine {
    pub id: String,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub verified: bool,
    pub joined: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    ctx: Ctx,
    q: String,
    users: Vec<UserLine>,
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct Search {
    #[serde(default)]
    q: String,
    cursor: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    Query(s): Query<Search>,
) -> Result<UsersPage, WebError> {
    admins_only(&me)?;
    let page = state
        .accounts
        .users_for_admin(&me, Some(&s.q), s.cursor.as_deref(), Some(50))
        .await?;
    let users = page
        .items
        .into_iter()
        .map(|u| UserLine {
            id: u.id.to_string(),
            name: u.name,
            email: u.email,
            roles: u
                .roles
                .iter()
                .map(|r| format!("{r:?}").to_uppercase())
                .collect::<Vec<_>>()
                .join(", "),
            verified: u.email_verified,
            joined: u.created_at.format("%Y-%m-%d").to_string(),
        })
        .collect();
    let next = page.next_cursor.map(|c| {
        format!(
            "/admin/users?q={}&cursor={}",
            urlencode(&s.q),
            urlencode(&c)
        )
    });
    Ok(UsersPage {
        ctx,
        q: s.q,
        users,
        next,
    })
}
