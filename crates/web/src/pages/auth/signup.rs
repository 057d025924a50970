//! `GET/POST /signup`: a new client, freelancer or both, signed in at once. Validation
//! messages are shown next to their fields.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use openlance_accounts::{Registration, Role};
use openlance_core::DomainError;
use openlance_http::{AppState, ClientAddr};
use serde::Deserialize;

use crate::ctx::Ctx;
use crate::flash;
use crate::form::WebForm;
use crate::session::{over_tls, session_cookies};

#[derive(Default)]
pub struct Errors {
    name: Option<String>,
    email: Option<String>,
    password: Option<String>,
    general: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "signup.html")]
pub struct SignupPage {
    ctx: Ctx,
    name: String,
    email: String,
    role: String,
    errors: Errors,
}

pub async fn form(ctx: Ctx) -> SignupPage {
    SignupPage {
        ctx,
        name: String::new(),
        email: String::new(),
        role: "client".into(),
        errors: Errors::default(),
    }
}

#[derive(Deserialize)]
pub struct SignupForm {
    name: String,
    email: String,
    password: String,
    role: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    WebForm(f): WebForm<SignupForm>,
) -> Response {
    let role = f.role.unwrap_or_else(|| "client".into());
    let roles = match role.as_str() {
        "freelancer" => vec![Role::Freelancer],
        "both" => vec![Role::Client, Role::Freelancer],
        _ => vec![Role::Client],
    };
    let registration = Registration {
        email: f.email.clone(),
        password: f.password,
        name: f.name.clone(),
        roles,
        ..Default::default()
    };
    match state.accounts.register(registration, &addr).await {
        Ok(session) => {
            let mut res = flash::ok("/", format!("Welcome to Openlance, {}!", session.user.name));
            for c in session_cookies(Some(&session), over_tls(&headers)) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(e) => {
            let mut errors = Errors::default();
            match e {
                DomainError::Validation(fields) => {
                    for field in fields {
                        let slot = match field.field.as_str() {
                            "name" => &mut errors.name,
                            "email" => &mut errors.email,
                            "password" => &mut errors.password,
                            _ => &mut errors.general,
                        };
                        slot.get_or_insert(field.message);
                    }
                }
                other => errors.general = Some(other.to_string()),
            }
            let page = SignupPage {
                ctx,
                name: f.name,
                email: f.email,
                role,
                errors,
            };
            (StatusCode::BAD_REQUEST, page).into_response()
        }
    }
}
