//! `GET/POST /sell/new`: a freelancer lists a service. Problems are listed above the
//! form, which keeps what was typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use openlance_catalog::{Category, Delivery, NewListing};
use openlance_core::{Currency, DomainError, Money};
use openlance_http::AppState;
use serde::Deserialize;

use super::super::{CURRENCIES, categories};
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Deserialize)]
pub struct ListingForm {
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) category: String,
    #[serde(default)]
    pub(super) price: String,
    #[serde(default)]
    pub(super) currency: String,
    #[serde(default)]
    pub(super) deposit_percent: String,
    #[serde(default)]
    pub(super) days: String,
    #[serde(default)]
    pub(super) location: String,
    pub(super) remote: Option<String>,
    #[serde(default)]
    pub(super) tags: String,
}

impl Default for ListingForm {
    fn default() -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            category: "OTHER".into(),
            price: String::new(),
            currency: "USD".into(),
            deposit_percent: "50".into(),
            days: "7".into(),
            location: String::new(),
            remote: Some("true".into()),
            tags: String::new(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "service_new.html")]
pub struct NewService {
    ctx: Ctx,
    form: ListingForm,
    categories: Vec<(String, String)>,
    currencies: &'static [&'static str],
    errors: Vec<String>,
    /// Where the form posts, its heading and its button: listing anew or editing.
    action: String,
    heading: &'static str,
    button: &'static str,
}

fn page(ctx: Ctx, form: ListingForm, errors: Vec<String>) -> NewService {
    form_page(ctx, form, errors, None)
}

/// The listing form; `editing` names the listing it changes.
pub(super) fn form_page(
    ctx: Ctx,
    form: ListingForm,
    errors: Vec<String>,
    editing: Option<&str>,
) -> NewService {
    let (action, heading, button) = match editing {
        Some(id) => (
            format!("/sell/{id}/edit"),
            "Edit your service",
            "Save changes",
        ),
        None => (
            "/sell/new".to_string(),
            "Sell a service",
            "List the service",
        ),
    };
    NewService {
        ctx,
        form,
        categories: categories(),
        currencies: CURRENCIES,
        errors,
        action,
        heading,
        button,
    }
}

pub(super) fn sellers_only(ctx: &Ctx) -> Result<(), WebError> {
    match &ctx.user {
        Some(u) if u.seller => Ok(()),
        _ => Err(WebError::status(
            StatusCode::FORBIDDEN,
            "Only freelancers sell services. Sign up as a freelancer (or both) to list one.",
        )),
    }
}

pub async fn form(SignedIn(ctx, _): SignedIn) -> Result<NewService, WebError> {
    sellers_only(&ctx)?;
    Ok(page(ctx, ListingForm::default(), Vec::new()))
}

pub(super) fn to_listing(f: &ListingForm) -> Result<NewListing, DomainError> {
    let currency = Currency::parse(&f.currency)?;
    let price = Money::from_major_decimal(f.price.trim(), currency).map_err(|_| {
        DomainError::invalid("price", "write the price as a number, like 50 or 49.99")
    })?;
    let days: i64 =
        f.days.trim().parse().map_err(|_| {
            DomainError::invalid("days", "write the delivery time as a number of days")
        })?;
    let deposit: i64 = f.deposit_percent.trim().parse().map_err(|_| {
        DomainError::invalid("deposit", "write the deposit as a percent from 1 to 100")
    })?;
    let location = f.location.trim();
    Ok(NewListing {
        title: f.title.clone(),
        description: f.description.clone(),
        category: Category::parse(&f.category).unwrap_or(Category::Other),
        price,
        deposit_percent: Some(deposit),
        delivery: Delivery::in_days(days)?,
        location: (!location.is_empty()).then(|| location.to_string()),
        remote: f.remote.is_some(),
        tags: f
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect(),
        image_links: Vec::new(),
    })
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    WebForm(f): WebForm<ListingForm>,
) -> Result<Response, WebError> {
    sellers_only(&ctx)?;
    let listed = match to_listing(&f) {
        Ok(new) => state.catalog.list_service(me.user_id, new).await,
        Err(e) => Err(e),
    };
    match listed {
        Ok(listing) => Ok(flash::ok(
            &format!("/services/{}", listing.id),
            "Your service is listed. Buyers can find it now.",
        )),
        Err(DomainError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            Ok((StatusCode::BAD_REQUEST, page(ctx, f, errors)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
