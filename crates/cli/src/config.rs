//! Settings: defaults, then an optional TOML file, then `OPENLANCE_…` environment
//! variables, then command-line flags (clap reads the variables and flags together).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Options every subcommand accepts.
#[derive(Args, Debug)]
pub struct GlobalArgs {
    /// TOML file with settings (keys as in the README's configuration table).
    #[arg(long, global = true, env = "OPENLANCE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Folder for the embedded database, media and generated secrets.
    #[arg(long, global = true, env = "OPENLANCE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `sqlite:PATH` or `postgres://USER@HOST/DB`. Default: SQLite in the data folder.
    #[arg(
        long,
        global = true,
        env = "OPENLANCE_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Event bus: `memory:` (in-process), `nats://HOST:PORT` (NATS JetStream) or
    /// `amqp://USER:PASS@HOST:PORT/%2f` (RabbitMQ).
    #[arg(long, global = true, env = "OPENLANCE_BUS_URL")]
    pub bus_url: Option<String>,
    /// Cache: `memory:` (in-process) or `redis://HOST:PORT` (shared by every instance).
    #[arg(long, global = true, env = "OPENLANCE_CACHE_URL")]
    pub cache_url: Option<String>,
    /// Log format: `pretty` or `json`.
    #[arg(long, global = true, env = "OPENLANCE_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Where e-mail goes: `log:` (the log, the default), `smtp://[USER:PASS@]HOST[:PORT]`
    /// (add `?tls=starttls` to require STARTTLS) or `smtps://[USER:PASS@]HOST[:PORT]`.
    #[arg(
        long,
        global = true,
        env = "OPENLANCE_MAIL_URL",
        hide_env_values = true
    )]
    pub mail_url: Option<String>,
}

/// Settings read from the optional TOML file; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
struct FileSettings {
    bind: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    bus_url: Option<String>,
    event_max_attempts: Option<u32>,
    cache_url: Option<String>,
    log_format: Option<String>,
    log_level: Option<String>,
    token_secret: Option<String>,
    public_url: Option<String>,
    marketplace_name: Option<String>,
    mail_url: Option<String>,
    mail_from: Option<String>,
    mail_max_attempts: Option<u32>,
    platform_fee_bps: Option<u32>,
    contract_review_days: Option<u32>,
    review_window_days: Option<u32>,
    order_request_expiry_hours: Option<u32>,
    order_auto_complete_days: Option<u32>,
    payment_provider: Option<String>,
    db_max_connections: Option<u32>,
    body_limit_bytes: Option<usize>,
    request_timeout_secs: Option<u64>,
    trust_forwarded_for: Option<bool>,
    header_read_timeout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    max_connections: Option<usize>,
}

/// The resolved settings the process runs with.
pub struct Settings {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bus_url: String,
    /// Deliveries of one event to one consumer before it becomes a dead letter.
    pub event_max_attempts: u32,
    pub cache_url: String,
    pub log_format: String,
    pub log_level: String,
    pub token_secret: Option<SecretString>,
    /// The address people reach the marketplace at, for links in e-mails.
    pub public_url: Option<String>,
    /// The marketplace's name, in e-mails.
    pub marketplace_name: String,
    /// Where e-mail goes: `log:` or an SMTP URL (credentials redacted when shown).
    pub mail_url: String,
    /// `Name <address>` e-mails come from; by default `no-reply@` the public URL's host.
    pub mail_from: Option<String>,
    /// Attempts to send one e-mail before it goes to the dead letters.
    pub mail_max_attempts: u32,
    pub platform_fee_bps: u32,
    /// Days a milestone may stay in review before it is accepted automatically.
    pub contract_review_days: u32,
    /// Days after an order's completion during which its parties may review it.
    pub review_window_days: u32,
    /// Hours an order request may wait for the seller's answer before it expires.
    pub order_request_expiry_hours: u32,
    /// Days a delivered order waits for the buyer before it completes automatically.
    pub order_auto_complete_days: u32,
    /// The payment provider: only `test` (the built-in test provider) so far.
    pub payment_provider: String,
    pub db_max_connections: u32,
    pub body_limit_bytes: usize,
    pub request_timeout_secs: u64,
    pub trust_forwarded_for: bool,
    /// Longest a client may take to send a request's headers (and a keep-alive connection
    /// may wait for its next request).
    pub header_read_timeout_secs: u64,
    /// A connection on which no byte moves for this long is closed.
    pub idle_timeout_secs: u64,
    /// Most open connections; by default, what fits under the open-file limit.
    pub max_connections: Option<usize>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field(
                "database_url",
                &openlance_storage::redact(&self.database_url),
            )
            .field("token_secret", &self.token_secret.as_ref().map(|_| "***"))
            .field("mail_url", &openlance_storage::redact(&self.mail_url))
            .field("mail_from", &self.mail_from)
            .field("platform_fee_bps", &self.platform_fee_bps)
            .field("contract_review_days", &self.contract_review_days)
            .field("review_window_days", &self.review_window_days)
            .field(
                "order_request_expiry_hours",
                &self.order_request_expiry_hours,
            )
            .field("order_auto_complete_days", &self.order_auto_complete_days)
            .field("payment_provider", &self.payment_provider)
            .finish_non_exhaustive()
    }
}

fn env<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => v
            .parse()
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{name}: {e}")),
        _ => Ok(None),
    }
}

impl Settings {
    pub fn load(args: &GlobalArgs) -> anyhow::Result<Self> {
        let file = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read config file {}", path.display()))?;
                toml::from_str::<FileSettings>(&text)
                    .with_context(|| format!("invalid config file {}", path.display()))?
            }
            None => FileSettings::default(),
        };
        let data_dir = args
            .data_dir
            .clone()
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("openlance-data"));
        let database_url = args
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| sqlite_url(&data_dir.join("openlance.db")));
        Ok(Self {
            bind: env("OPENLANCE_BIND")?
                .or(file.bind)
                .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))),
            data_dir,
            database_url,
            bus_url: args
                .bus_url
                .clone()
                .or(file.bus_url)
                .unwrap_or_else(|| "memory:".into()),
            event_max_attempts: env("OPENLANCE_EVENT_MAX_ATTEMPTS")?
                .or(file.event_max_attempts)
                .unwrap_or(openlance_bus::DEFAULT_MAX_ATTEMPTS)
                .max(1),
            cache_url: args
                .cache_url
                .clone()
                .or(file.cache_url)
                .unwrap_or_else(|| "memory:".into()),
            log_format: args
                .log_format
                .clone()
                .or(file.log_format)
                .unwrap_or_else(|| "pretty".into()),
            log_level: env("OPENLANCE_LOG")?
                .or(file.log_level)
                .unwrap_or_else(|| "info".into()),
            public_url: env("OPENLANCE_PUBLIC_URL")?.or(file.public_url),
            marketplace_name: env("OPENLANCE_MARKETPLACE_NAME")?
                .or(file.marketplace_name)
                .unwrap_or_else(|| "Openlance".into()),
            mail_url: args
                .mail_url
                .clone()
                .or(file.mail_url)
                .unwrap_or_else(|| "log:".into()),
            mail_from: env("OPENLANCE_MAIL_FROM")?.or(file.mail_from),
            mail_max_attempts: env("OPENLANCE_MAIL_MAX_ATTEMPTS")?
                .or(file.mail_max_attempts)
                .unwrap_or(10)
                .max(1),
            token_secret: env::<String>("OPENLANCE_TOKEN_SECRET")?
                .or(file.token_secret)
                .map(SecretString::from),
            platform_fee_bps: env("OPENLANCE_PLATFORM_FEE_BPS")?
                .or(file.platform_fee_bps)
                .unwrap_or(1000),
            contract_review_days: env("OPENLANCE_CONTRACT_REVIEW_DAYS")?
                .or(file.contract_review_days)
                .unwrap_or(14),
            review_window_days: env("OPENLANCE_REVIEW_WINDOW_DAYS")?
                .or(file.review_window_days)
                .unwrap_or(14)
                .max(1),
            order_request_expiry_hours: env("OPENLANCE_ORDER_REQUEST_EXPIRY_HOURS")?
                .or(file.order_request_expiry_hours)
                .unwrap_or(72),
            order_auto_complete_days: env("OPENLANCE_ORDER_AUTO_COMPLETE_DAYS")?
                .or(file.order_auto_complete_days)
                .unwrap_or(3),
            payment_provider: payment_provider(
                env("OPENLANCE_PAYMENT_PROVIDER")?.or(file.payment_provider),
            )?,
            db_max_connections: env("OPENLANCE_DB_MAX_CONNECTIONS")?
                .or(file.db_max_connections)
                .unwrap_or(8),
            body_limit_bytes: env("OPENLANCE_BODY_LIMIT_BYTES")?
                .or(file.body_limit_bytes)
                .unwrap_or(1024 * 1024),
            request_timeout_secs: env("OPENLANCE_REQUEST_TIMEOUT_SECS")?
                .or(file.request_timeout_secs)
                .unwrap_or(30),
            trust_forwarded_for: env("OPENLANCE_TRUST_FORWARDED_FOR")?
                .or(file.trust_forwarded_for)
                .unwrap_or(false),
            header_read_timeout_secs: env("OPENLANCE_HEADER_READ_TIMEOUT_SECS")?
                .or(file.header_read_timeout_secs)
                .unwrap_or(10),
            idle_timeout_secs: env("OPENLANCE_IDLE_TIMEOUT_SECS")?
                .or(file.idle_timeout_secs)
                .unwrap_or(60),
            max_connections: env("OPENLANCE_MAX_CONNECTIONS")?.or(file.max_connections),
        })
    }

    /// Applies `serve`'s own flags, which win over everything else.
    pub fn with_serve_args(mut self, args: &crate::serve::ServeArgs) -> Self {
        if let Some(bind) = args.bind {
            self.bind = bind;
        }
        self
    }

    /// The public address for links in e-mails: configured, or the listen address.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// The sender of e-mails: configured, or the marketplace's name at `no-reply@` the
    /// public URL's host.
    pub fn mail_from(&self) -> String {
        if let Some(from) = &self.mail_from {
            return from.clone();
        }
        let public = self.public_url();
        let host = public
            .split("://")
            .nth(1)
            .unwrap_or(&public)
            .split(['/', ':'])
            .next()
            .filter(|h| !h.is_empty())
            .unwrap_or("localhost");
        format!("{} <no-reply@{host}>", self.marketplace_name)
    }

    /// The access-token signing secret: configured, or generated once into the data folder.
    pub fn token_secret(&self) -> anyhow::Result<Vec<u8>> {
        if let Some(secret) = &self.token_secret {
            let bytes = secret.expose_secret().as_bytes().to_vec();
            anyhow::ensure!(
                bytes.len() >= 32,
                "OPENLANCE_TOKEN_SECRET must be at least 32 bytes"
            );
            return Ok(bytes);
        }
        let path = self.data_dir.join("token-secret");
        if let Ok(existing) = std::fs::read(&path) {
            anyhow::ensure!(
                existing.len() >= 32,
                "{} is too short; delete it to regenerate",
                path.display()
            );
            return Ok(existing);
        }
        let secret: [u8; 48] = rand::random();
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&path, hex.as_bytes())?;
        Ok(hex.into_bytes())
    }
}

/// The payment providers this build supports.
pub const PAYMENT_PROVIDERS: &[&str] = &["test"];

fn payment_provider(configured: Option<String>) -> anyhow::Result<String> {
    let name = configured.unwrap_or_else(|| "test".into());
    anyhow::ensure!(
        PAYMENT_PROVIDERS.contains(&name.as_str()),
        "payment_provider '{name}' is not supported; supported providers: {}",
        PAYMENT_PROVIDERS.join(", ")
    );
    Ok(name)
}

fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}", path.display())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot create {}", path.display()))
}
