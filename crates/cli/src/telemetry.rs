//! Structured logs with `tracing`: pretty for people, JSON for log collectors
//! (`OPENLANCE_LOG_FORMAT=json`); the filter comes from `OPENLANCE_LOG` or `RUST_LOG`.

use tracing_subscriber::EnvFilter;

use crate::config::Settings;

pub fn init(settings: &Settings) {
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        // The access log (tower_http's one line per response) follows the level: `warn`
        // silences it, which is worth a fifth of the rate of the cheapest requests.
        .or_else(|| EnvFilter::try_new(format!("{},sqlx=warn", settings.log_level)).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if settings.log_format == "json" {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}
