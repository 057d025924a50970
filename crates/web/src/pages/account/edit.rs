//! `GET|POST /account`: the visitor edits their profile — the fields
//! `PATCH /api/v1/users/me` accepts, through the same accounts service. A blank text field
//! clears it; problems are listed above the form, which keeps what was typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use openlance_accounts::{MyProfile, ProfilePatch};
use openlance_core::{Currency, DomainError, Money};
use openlance_http::AppState;
use serde::Deserialize;

use super::super::CURRENCIES;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    name: String,
    headline: String,
    bio: String,
    city: String,
    photo_link: String,
    resume_link: String,
    job_title: String,
    birth_date: String,
    skills: String,
    languages: String,
    hourly_rate: String,
    currency: String,
    company_name: String,
    industry: String,
    employee_count: String,
    company_description: String,
}

impl ProfileForm {
    fn of(p: MyProfile) -> Self {
        let text = |v: Option<String>| v.unwrap_or_default();
        let public = p.profile;
        Self {
            name: public.name,
            headline: text(public.headline),
            bio: text(public.bio),
            city: text(public.city),
            photo_link: text(public.photo_link),
            resume_link: text(public.resume_link),
            job_title: text(public.job_title),
            birth_date: text(p.birth_date),
            skills: public.skills.join(", "),
            languages: public.languages.join(", "),
            hourly_rate: public.hourly_rate.map(major).unwrap_or_default(),
            currency: public
                .hourly_rate
                .map_or_else(|| "USD".to_string(), |m| m.currency.to_string()),
            company_name: text(public.company_name),
            industry: text(public.industry),
            employee_count: public
                .employee_count
                .map(|n| n.to_string())
                .unwrap_or_default(),
            company_description: text(public.company_description),
        }
    }

    fn to_patch(&self) -> Result<ProfilePatch, DomainError> {
        let list = |s: &str| {
            s.split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        let hourly_rate = match self.hourly_rate.trim() {
            "" => None,
            amount => Some(
                Money::from_major_decimal(amount, Currency::parse(&self.currency)?).map_err(
                    |_| DomainError::invalid("hourlyRate", "write the rate as a number, like 40"),
                )?,
            ),
        };
        let employee_count = match self.employee_count.trim() {
            "" => None,
            n => Some(n.parse().map_err(|_| {
                DomainError::invalid("employeeCount", "write the number of employees")
            })?),
        };
        let some = |s: &str| Some(s.trim().to_string());
        Ok(ProfilePatch {
            name: some(&self.name),
            headline: some(&self.headline),
            bio: some(&self.bio),
            city: some(&self.city),
            photo_link: some(&self.photo_link),
            resume_link: some(&self.resume_link),
            job_title: some(&self.job_title),
            birth_date: some(&self.birth_date),
            skills: Some(list(&self.skills)),
            languages: Some(list(&self.languages)),
            hourly_rate,
            company_name: some(&self.company_name),
            industry: some(&self.industry),
            employee_count,
            company_description: some(&self.company_description),
        })
    }
}

/// `Money` as its major-unit decimal ("40.50"), the way the form takes it back.
fn major(m: Money) -> String {
    let per = m.currency.minor_per_major();
    let digits = usize::try_from(m.currency.exponent()).unwrap_or(0);
    if digits == 0 {
        return m.amount.to_string();
    }
    let sign = if m.amount < 0 { "-" } else { "" };
    let (whole, part) = (m.amount.abs() / per, m.amount.abs() % per);
    format!("{sign}{whole}.{part:0digits$}")
}

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    ctx: Ctx,
    form: ProfileForm,
    email: String,
    email_verified: bool,
    profile_link: String,
    currencies: &'static [&'static str],
    errors: Vec<String>,
}

fn page(ctx: Ctx, form: ProfileForm, p: &MyProfile, errors: Vec<String>) -> AccountPage {
    AccountPage {
        ctx,
        form,
        email: p.email.clone(),
        email_verified: p.email_verified,
        profile_link: format!("/users/{}", p.profile.id),
        currencies: CURRENCIES,
        errors,
    }
}

pub async fn form(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
) -> Result<AccountPage, WebError> {
    let mine = state.accounts.my_profile(me.user_id).await?;
    Ok(page(ctx, ProfileForm::of(mine.clone()), &mine, Vec::new()))
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    WebForm(f): WebForm<ProfileForm>,
) -> Result<Response, WebError> {
    let saved = match f.to_patch() {
        Ok(patch) => state.accounts.update_profile(me.user_id, &patch).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => {
            // As the API's profile routes do: nobody should see the old profile from the cache.
            let key = openlance_http::api::accounts::profile_cache::key(me.user_id);
            if let Err(e) = state.cache.delete(&key).await {
                tracing::warn!(error = %e, "could not forget a cached profile; it expires within a minute");
            }
            Ok(flash::ok("/account", "Your profile is saved."))
        }
        Err(DomainError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            let mine = state.accounts.my_profile(me.user_id).await?;
            Ok((StatusCode::BAD_REQUEST, page(ctx, f, &mine, errors)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
