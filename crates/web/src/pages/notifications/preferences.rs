//! `GET|POST /notifications/preferences`: which kinds of notification also come by e-mail
//! (the in-app list always has them). Security messages are always e-mailed: shown
//! checked and locked, and never sent back by the form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use openlance_http::AppState;

use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

pub struct KindLine {
    pub name: &'static str,
    pub description: &'static str,
    pub email: bool,
    pub locked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notification_preferences.html")]
pub struct PreferencesPage {
    ctx: Ctx,
    kinds: Vec<KindLine>,
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<PreferencesPage, WebError> {
    let kinds = state
        .notifications
        .preferences(me.user_id)
        .await?
        .into_iter()
        .map(|p| KindLine {
            name: p.kind.name,
            description: p.kind.description,
            email: p.email,
            locked: p.kind.security,
        })
        .collect();
    Ok(PreferencesPage { ctx, kinds })
}

/// A checked box sends `<kind>=on`; an unchecked one sends nothing.
pub async fn submit(
    State(state): State<AppState>,
    SignedIn(_, me): SignedIn,
    WebForm(checked): WebForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let changes: Vec<(String, bool)> = openlance_notifications::kinds::ALL
        .iter()
        .filter(|k| !k.security)
        .map(|k| (k.name.to_string(), checked.contains_key(k.name)))
        .collect();
    let page = "/notifications/preferences";
    match state
        .notifications
        .set_email_preferences(me.user_id, &changes)
        .await
    {
        Ok(_) => Ok(flash::ok(page, "Your e-mail settings are saved.")),
        Err(e) => Ok(flash::error(page, e.to_string())),
    }
}
