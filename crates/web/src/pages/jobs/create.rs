//! `GET/POST /jobs/new`: a client posts a job.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use openlance_accounts::Role;
use openlance_core::{Currency, DomainError, Money};
use openlance_http::AppState;
use openlance_jobs::NewJob;
use serde::Deserialize;

use super::super::CURRENCIES;
use crate::ctx::{Ctx, SignedIn};
use crate::error::WebError;
use crate::flash;
use crate::form::WebForm;

#[derive(Template, WebTemplate)]
#[template(path = "job_new.html")]
pub struct NewJobPage {
    ctx: Ctx,
    title: String,
    description: String,
    budget: String,
    currencies: &'static [&'static str],
    errors: Vec<String>,
}

#[derive(Deserialize)]
pub struct JobForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    budget: String,
    #[serde(default)]
    currency: String,
}

fn clients_only(me: &openlance_accounts::Principal) -> Result<(), WebError> {
    if me.has_role(Role::Client) {
        Ok(())
    } else {
        Err(WebError::status(
            StatusCode::FORBIDDEN,
            "Only clients post jobs. Sign up as a client (or both) to post one.",
        ))
    }
}

pub async fn form(SignedIn(ctx, me): SignedIn) -> Result<NewJobPage, WebError> {
    clients_only(&me)?;
    Ok(NewJobPage {
        ctx,
        title: String::new(),
        description: String::new(),
        budget: String::new(),
        currencies: CURRENCIES,
        errors: Vec::new(),
    })
}

fn to_job(f: &JobForm) -> Result<NewJob, DomainError> {
    let budget = match f.budget.trim() {
        "" => None,
        text => Some(
            Money::from_major_decimal(text, Currency::parse(&f.currency)?).map_err(|_| {
                DomainError::invalid("budget", "write the budget as a number, like 500")
            })?,
        ),
    };
    Ok(NewJob {
        title: f.title.clone(),
        description: f.description.clone(),
        budget,
        ..Default::default()
    })
}

pub async fn submit(
    State(state): State<AppState>,
    SignedIn(ctx, me): SignedIn,
    WebForm(f): WebForm<JobForm>,
) -> Result<Response, WebError> {
    clients_only(&me)?;
    let posted = match to_job(&f) {
        Ok(new) => state.jobs.post_job(me.user_id, new).await,
        Err(e) => Err(e),
    };
    match posted {
        Ok(job) => Ok(flash::ok(
            &format!("/jobs/{}", job.id),
            "Your job is posted. Freelancers can send proposals now.",
        )),
        Err(DomainError::Validation(fields)) => {
            let errors = fields
                .into_iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect();
            let page = NewJobPage {
                ctx,
                title: f.title,
                description: f.description,
                budget: f.budget,
                currencies: CURRENCIES,
                errors,
            };
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
