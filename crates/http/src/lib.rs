//! The HTTP edge of the marketplace: the REST API under `/api/v1` (with WorkUp's routes),
//! the OpenAPI document and its browsable page, health and metrics endpoints, and the
//! middleware every request passes through (request ids, tracing, metrics, timeouts,
//! compression, problem+json for every error). Handlers are thin: parse, authorize,
//! call the domain, map the result.

pub mod api;
mod assembly;
mod contexts;
mod error;
mod extract;
pub mod idempotency;
mod metrics;
mod ops;
pub mod origin;
mod router;
pub mod serve;
mod state;
pub mod testing;
mod text;

pub use assembly::{Parts, assemble};
pub use contexts::{Context, consumers, contexts, migrations};
pub use error::ApiError;
pub use extract::{
    ApiJson, ApiPath, ApiQuery, AuthUser, ClientAddr, MaybeAuthUser, SESSION_COOKIE, cookie,
};
pub use metrics::Metrics;
pub use router::{openapi, router, router_with_site};
pub use serve::{ServeSettings, serve};
pub use state::{App, AppState, HttpSettings};
