//! The one error type of the domain layer and its RFC 9457 problem+json rendering.
//! Every variant has a stable machine `code` and an HTTP status; the HTTP edge only
//! serializes what [`DomainError::to_problem`] returns.

use serde::Serialize;

/// One invalid field of a request, named by its JSON path (`milestones[0].amount`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// The request's content is invalid; nothing was written.
    #[error("invalid input: {}", summary(.0))]
    Validation(Vec<FieldError>),
    /// No credentials, or credentials that are not (or no longer) valid.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller is known but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The object does not exist, or the caller may not know that it does.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The object's current state does not allow the request (a refused transition,
    /// a duplicate, a second payment).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// Well-formed but semantically refused (insufficient funds, currency mismatch,
    /// an idempotency key reused with another body).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// The payment provider declined.
    #[error("{0}")]
    PaymentDeclined(String),
    /// Too many attempts; retry after the given number of seconds.
    #[error("too many attempts, retry in {retry_after_secs}s")]
    RateLimited { retry_after_secs: u64 },
    /// The server is at capacity for this kind of work (e.g. password hashing); retry
    /// after the given number of seconds. Nothing was written.
    #[error("the server is busy, retry in {retry_after_secs}s")]
    Overloaded { retry_after_secs: u64 },
    /// A fault of ours (database down, bug). Logged; the client sees a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

fn summary(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(|e| format!("{}: {}", e.field, e.message))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DomainError {
    /// A validation error for a single field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            message: message.into(),
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::Internal(e.to_string())
    }

    pub fn status(&self) -> u16 {
        match self {
            Self::Validation(_) => 400,
            Self::Unauthenticated(_) => 401,
            Self::PaymentDeclined(_) => 402,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::Conflict { .. } => 409,
            Self::Unprocessable { .. } => 422,
            Self::RateLimited { .. } => 429,
            Self::Overloaded { .. } => 503,
            Self::Internal(_) => 500,
        }
    }

    /// The stable machine-readable code clients may switch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::Unauthenticated(_) => "unauthenticated",
            Self::PaymentDeclined(_) => "payment_declined",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Conflict { code, .. } | Self::Unprocessable { code, .. } => code,
            Self::RateLimited { .. } => "rate_limited",
            Self::Overloaded { .. } => "overloaded",
            Self::Internal(_) => "internal_error",
        }
    }

    pub fn to_problem(&self) -> Problem {
        let status = self.status();
        let detail = match self {
            // Never leak internals to clients; the edge logs them.
            Self::Internal(_) => "an internal error occurred; it has been logged".to_string(),
            other => other.to_string(),
        };
        Problem {
            r#type: format!(
                "https://openlance.dev/problems/{}",
                self.code().replace('_', "-")
            ),
            title: title(status).to_string(),
            status,
            detail,
            code: self.code().to_string(),
            errors: match self {
                Self::Validation(errors) => errors.clone(),
                _ => Vec::new(),
            },
        }
    }
}

fn title(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Internal Server Error",
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub r#type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `validation_failed`, `insufficient_funds`.
    pub code: String,
    /// Per-field validation errors, with JSON paths.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem for statuses that arise outside the domain (405, 413, 415 …).
    pub fn from_status(status: u16, code: &str, detail: impl Into<String>) -> Self {
        Self {
            r#type: format!("https://openlance.dev/problems/{}", code.replace('_', "-")),
            title: title(status).to_string(),
            status,
            detail: detail.into(),
            code: code.to_string(),
            errors: Vec::new(),
        }
    }
}

/// Collects field errors while validating a request, so a client sees all of them at once.
#[derive(Debug, Default)]
pub struct Validator(Vec<FieldError>);

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, ok: bool, field: impl Into<String>, message: impl Into<String>) {
        if !ok {
            self.0.push(FieldError {
                field: field.into(),
                message: message.into(),
            });
        }
    }

    /// Records the error of a parse step and returns its value if it succeeded.
    pub fn take<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(DomainError::Validation(mut errs)) => {
                self.0.append(&mut errs);
                None
            }
            Err(other) => {
                self.0.push(FieldError {
                    field: String::new(),
                    message: other.to_string(),
                });
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Validation(self.0))
        }
    }
}

#[cfg(feature = "sqlx")]
impl From<sqlx::Error> for DomainError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::conflict(
                "already_exists",
                "a record with these values already exists",
            ),
            sqlx::Error::RowNotFound => Self::NotFound("record"),
            _ => Self::Internal(e.to_string()),
        }
    }
}
