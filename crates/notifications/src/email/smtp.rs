//! SMTP through lettre (rustls with the ring provider, no OpenSSL): the server is named by
//! one URL, `smtp://[user:pass@]host[:port][?tls=starttls]` or `smtps://…` (TLS from the
//! first byte). Credentials live only in the transport; `Debug` and every error show the
//! URL with its password replaced by `***`.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use percent_encoding::percent_decode_str;

use super::{Email, Mailer};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// None: for a relay on the same machine or network (`smtp://`, port 25 by default).
    Plain,
    /// STARTTLS, required (`smtp://…?tls=starttls`, port 587 by default).
    StartTls,
    /// STARTTLS when the server offers it (`?tls=opportunistic`): open to a downgrade.
    Opportunistic,
    /// TLS from the first byte (`smtps://`, port 465 by default).
    Tls,
}

/// A parsed `mail_url`.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User and password, percent-decoded from the URL.
    pub credentials: Option<(String, String)>,
    /// Longest one message may take, connection included.
    pub timeout: Duration,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("security", &self.security)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .field("password", &self.credentials.as_ref().map(|_| "***"))
            .finish()
    }
}

/// A `mail_url` that cannot be used; the message never shows the password.
#[derive(Debug, thiserror::Error)]
#[error("mail URL '{url}': {reason}")]
pub struct MailUrlError {
    url: String,
    reason: String,
}

impl MailUrlError {
    fn new(url: &str, reason: impl Into<String>) -> Self {
        Self {
            url: openlance_storage::redact(url),
            reason: reason.into(),
        }
    }
}

impl SmtpSettings {
    /// Parses `smtp://[user:pass@]host[:port][?tls=starttls|opportunistic|none]` or
    /// `smtps://[user:pass@]host[:port]`.
    pub fn parse(text: &str) -> Result<Self, MailUrlError> {
        let bad = |reason: &str| MailUrlError::new(text, reason);
        let url = url::Url::parse(text).map_err(|e| bad(&e.to_string()))?;
        let mut security = match url.scheme() {
            "smtp" => Security::Plain,
            "smtps" => Security::Tls,
            _ => return Err(bad("use log:, smtp://HOST:PORT or smtps://HOST:PORT")),
        };
        for (key, value) in url.query_pairs() {
            security = match (key.as_ref(), value.as_ref(), security) {
                ("tls", "starttls" | "required", Security::Plain) => Security::StartTls,
                ("tls", "opportunistic", Security::Plain) => Security::Opportunistic,
                ("tls", "none", Security::Plain) => Security::Plain,
                ("tls", _, Security::Tls) => {
                    return Err(bad("smtps:// is TLS already; drop the tls option"));
                }
                ("tls", other, _) => {
                    return Err(bad(&format!(
                        "tls={other} is not one of starttls, opportunistic, none"
                    )));
                }
                (other, _, _) => return Err(bad(&format!("unknown option '{other}'"))),
            };
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if !matches!(url.path(), "" | "/") {
            return Err(bad("a mail URL has no path"));
        }
        let port = url.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls | Security::Opportunistic => 587,
            Security::Tls => 465,
        });
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, password) => Some((decode(user), decode(password.unwrap_or_default()))),
        };
        Ok(Self {
            host,
            port,
            security,
            credentials,
            timeout: Duration::from_secs(30),
        })
    }
}

/// Sends through an SMTP server, one connection per message (a server that restarts
/// between messages costs nothing).
pub struct SmtpMailer {
    settings: SmtpSettings,
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    pub fn new(settings: SmtpSettings) -> Result<Self, MailUrlError> {
        let tls = |host: &str| {
            TlsParameters::new(host.to_string())
                .map_err(|e| MailUrlError::new(&format!("smtp://{host}"), e.to_string()))
        };
        let host = settings.host.as_str();
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.port)
            .timeout(Some(settings.timeout))
            .tls(match settings.security {
                Security::Plain => Tls::None,
                Security::StartTls => Tls::Required(tls(host)?),
                Security::Opportunistic => Tls::Opportunistic(tls(host)?),
                Security::Tls => Tls::Wrapper(tls(host)?),
            });
        if let Some((user, password)) = &settings.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self {
            transport: builder.build(),
            settings,
        })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email) -> Result<(), String> {
        let message = message(email)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP {}:{}: {e}", self.settings.host, self.settings.port))
    }
}

/// The MIME message: text and HTML alternatives, a fixed `Message-ID`, and the RFC 8058
/// unsubscribe headers when the message has a link.
fn message(email: &Email) -> Result<Message, String> {
    let address = |what: &str, text: &str| {
        text.parse::<Mailbox>()
            .map_err(|e| format!("the {what} address is not usable: {e}"))
    };
    let mut builder = Message::builder()
        .from(address("sender", &email.from)?)
        .to(address("recipient", &email.to)?)
        .subject(email.subject.clone())
        .message_id(email.message_id.clone());
    if let Some(url) = &email.list_unsubscribe {
        builder = builder
            .header(ListUnsubscribe(format!("<{url}>")))
            .header(ListUnsubscribePost);
    }
    let built = match &email.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(
            email.text.clone(),
            html.clone(),
        )),
        None => builder.singlepart(SinglePart::plain(email.text.clone())),
    };
    built.map_err(|e| format!("the message cannot be built: {e}"))
}

#[derive(Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_string()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

#[derive(Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_host_port_security_and_credentials() {
        let s = SmtpSettings::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("127.0.0.1", 2525, Security::Plain)
        );
        assert!(s.credentials.is_none());
        let s = SmtpSettings::parse("smtp://mailer:p%40ss@mail.example.com?tls=starttls").unwrap();
        assert_eq!((s.port, s.security), (587, Security::StartTls));
        assert_eq!(s.credentials, Some(("mailer".into(), "p@ss".into())));
        let s = SmtpSettings::parse("smtps://u:secret@mail.example.com").unwrap();
        assert_eq!((s.port, s.security), (465, Security::Tls));
        assert_eq!(
            SmtpSettings::parse("smtp://h?tls=opportunistic")
                .unwrap()
                .security,
            Security::Opportunistic
        );
        assert_eq!(SmtpSettings::parse("smtp://h").unwrap().port, 25);
    }

    #[test]
    fn bad_urls_are_refused_without_showing_the_password() {
        for bad in [
            "http://u:secret@h",
            "smtp://u:secret@h?tls=maybe",
            "smtps://u:secret@h?tls=starttls",
            "smtp://u:secret@h?pool=1",
            "smtp://u:secret@h/path",
            "smtp://",
        ] {
            let e = SmtpSettings::parse(bad).unwrap_err().to_string();
            assert!(!e.contains("secret"), "{e}");
        }
    }

    #[test]
    fn debug_hides_the_password() {
        let s = SmtpSettings::parse("smtp://mailer:hunter2@h:25").unwrap();
        let shown = format!("{s:?} {:?}", SmtpMailer::new(s.clone()).unwrap());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("mailer"));
    }

    #[test]
    fn a_message_carries_both_parts_its_id_and_the_unsubscribe_headers() {
        let email = Email {
            from: "Openlance <no-reply@example.com>".into(),
            to: "ada@example.com".into(),
            subject: "Hello".into(),
            text: "plain".into(),
            html: Some("<p>html</p>".into()),
            message_id: Some("<e1.u1@example.com>".into()),
            list_unsubscribe: Some("https://example.com/u?token=t".into()),
        };
        let raw = String::from_utf8(message(&email).unwrap().formatted()).unwrap();
        assert!(raw.contains("Message-ID: <e1.u1@example.com>"), "{raw}");
        assert!(
            raw.contains("List-Unsubscribe: <https://example.com/u?token=t>"),
            "{raw}"
        );
        assert!(
            raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{raw}"
        );
        assert!(raw.contains("multipart/alternative"), "{raw}");
        let security = Email {
            list_unsubscribe: None,
            ..email
        };
        let raw = String::from_utf8(message(&security).unwrap().formatted()).unwrap();
        assert!(!raw.contains("List-Unsubscribe"), "{raw}");
    }
}
