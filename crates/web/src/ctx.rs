//! What every page knows about its visitor: who is signed in, the CSRF token its forms
//! repeat, the flash message to show, and the search words for the header's box.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openlance_accounts::{Principal, Role};
use openlance_http::{AppState, SESSION_COOKIE, cookie};

use crate::session::{CSRF_COOKIE, FLASH_COOKIE};

/// The signed-in visitor, as the header shows them.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub principal: Principal,
    pub name: String,
    pub seller: bool,
    /// Unread notifications, for the header's badge.
    pub unread: i64,
}

/// A one-shot message; `kind` is `ok` or `error` (a CSS class).
#[derive(Clone, Debug)]
pub struct Flash {
    pub kind: &'static str,
    pub text: String,
}

impl Flash {
    /// The cookie value: kind and text, base64 so any text fits in a cookie.
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.kind, self.text))
    }

    fn decode(value: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(value).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (kind, text) = text.split_once(':')?;
        let kind = if kind == "ok" { "ok" } else { "error" };
        Some(Self {
            kind,
            text: text.chars().take(500).collect(),
        })
    }
}

/// The page context; every template has one as `ctx`.
#[derive(Clone, Debug, Default)]
pub struct Ctx {
    pub user: Option<Visitor>,
    pub csrf: String,
    pub flash: Option<Flash>,
    /// The current path and query, for "log in and come back".
    pub here: String,
    /// What the header's search box shows.
    pub query: String,
}

impl Ctx {
    pub fn user_id(&self) -> Option<openlance_core::id::UserId> {
        self.user.as_ref().map(|u| u.principal.user_id)
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let principal = cookie(&parts.headers, SESSION_COOKIE)
            .and_then(|t| state.accounts.authenticate(t).ok());
        let user = match principal {
            Some(principal) => match state.accounts.me(principal.user_id).await {
                Ok(user) => Some(Visitor {
                    seller: principal.has_role(Role::Freelancer),
                    // One indexed count per page; the badge is not worth failing a page for.
                    unread: state
                        .notifications
                        .unread_count(principal.user_id)
                        .await
                        .unwrap_or(0),
                    principal,
                    name: user.name,
                }),
                Err(_) => None,
            },
            None => None,
        };
        Ok(Self {
            user,
            csrf: cookie(&parts.headers, CSRF_COOKIE)
                .unwrap_or_default()
                .to_string(),
            flash: cookie(&parts.headers, FLASH_COOKIE).and_then(Flash::decode),
            here: parts
                .uri
                .path_and_query()
                .map_or_else(|| "/".to_string(), ToString::to_string),
            query: String::new(),
        })
    }
}

/// A page only a signed-in visitor may see; anyone else is sent to log in and brought
/// back afterwards.
pub struct SignedIn(pub Ctx, pub Principal);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Ok(ctx) = Ctx::from_request_parts(parts, state).await;
        match ctx.user.clone() {
            Some(user) => Ok(Self(ctx, user.principal)),
            None => {
                let next = if parts.method == axum::http::Method::GET {
                    ctx.here.clone()
                } else {
                    "/".to_string()
                };
                let to = format!("/login?next={}", urlencode(&next));
                Err(crate::flash::redirect(
                    &to,
                    Flash {
                        kind: "error",
                        text: "Please log in first.".into(),
                    },
                )
                .into_response())
            }
        }
    }
}

/// Percent-encodes a query value.
pub fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("v", text)])
        .map(|s| s.trim_start_matches("v=").to_string())
        .unwrap_or_default()
}

/// Only a local path (`/…`, not `//host`) may be a "come back to" target.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.into(),
        _ => "/".into(),
    }
}
