//! One request of a scenario through goose: bearer token, JSON body, a fresh
//! `Idempotency-Key` when asked, the client's own `X-Forwarded-For` (the server is started
//! trusting it, so each simulated user is throttled as its own address), the status the
//! step expects — any other answer is a goose failure that names the status and the body.
//!
//! A 503 `overloaded` (password hashing is at its limit) is waited out as a real client
//! does, for the `Retry-After` it names, and retried; each retry is counted (`retries`)
//! and shown in the summary, never hidden.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use goose::goose::GooseResponse;
use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use serde_json::Value;

static RETRIES: AtomicU64 = AtomicU64::new(0);
const MAX_RETRIES: u32 = 10;

/// How many requests were retried after a 503 `overloaded`, in the whole run.
pub fn retries() -> u64 {
    RETRIES.load(Ordering::Relaxed)
}

pub type StepResult<T> = Result<T, Box<TransactionError>>;

/// One request to send.
pub struct Call<'a> {
    pub method: GooseMethod,
    pub path: &'a str,
    /// The name goose reports it under (a route template, not the raw path).
    pub name: &'a str,
    pub token: Option<&'a str>,
    pub body: Option<&'a Value>,
    pub idempotency_key: bool,
    pub expect: u16,
    pub addr: &'a str,
}

impl<'a> Call<'a> {
    pub fn get(path: &'a str, name: &'a str, addr: &'a str) -> Self {
        Self {
            method: GooseMethod::Get,
            path,
            name,
            token: None,
            body: None,
            idempotency_key: false,
            expect: 200,
            addr,
        }
    }

    pub fn post(path: &'a str, name: &'a str, addr: &'a str, body: Option<&'a Value>) -> Self {
        Self {
            method: GooseMethod::Post,
            body,
            ..Self::get(path, name, addr)
        }
    }

    pub fn token(mut self, token: &'a str) -> Self {
        self.token = Some(token);
        self
    }

    pub fn expect(mut self, status: u16) -> Self {
        self.expect = status;
        self
    }

    pub fn idempotent(mut self) -> Self {
        self.idempotency_key = true;
        self
    }
}

/// A successful answer: its JSON body, and its request (to fail it if the body is wrong).
pub struct Reply {
    pub json: Value,
    request: GooseRequestMetric,
}

impl Reply {
    /// The string at `pointer` (e.g. `/user/id`), or a failure of this request.
    pub fn text(&mut self, user: &GooseUser, pointer: &str) -> StepResult<String> {
        match self.json.pointer(pointer).and_then(Value::as_str) {
            Some(s) => Ok(s.to_string()),
            None => Err(self.fail(user, &format!("no {pointer} in the answer"))),
        }
    }

    /// Fails this request with `why` (the answer was well-formed but wrong).
    pub fn fail(&mut self, user: &GooseUser, why: &str) -> Box<TransactionError> {
        let tag = format!("{}: {why}", self.request.name);
        let body = self.json.to_string();
        fail(user, &tag, &mut self.request, Some(&body))
    }
}

pub fn failed(raw_request: GooseRequestMetric) -> Box<TransactionError> {
    Box::new(TransactionError::RequestFailed { raw_request })
}

/// Marks `request` failed with `tag` (logged, and counted in goose's error summary).
fn fail(
    user: &GooseUser,
    tag: &str,
    request: &mut GooseRequestMetric,
    body: Option<&str>,
) -> Box<TransactionError> {
    match user.set_failure(tag, request, None, body) {
        Err(e) => e,
        Ok(()) => failed(request.clone()),
    }
}

async fn send_once(user: &mut GooseUser, c: &Call<'_>) -> StepResult<GooseResponse> {
    let mut builder = user
        .get_request_builder(&c.method, c.path)?
        .header("x-forwarded-for", c.addr);
    if let Some(token) = c.token {
        builder = builder.bearer_auth(token);
    }
    if let Some(body) = c.body {
        builder = builder.json(body);
    }
    if c.idempotency_key {
        builder = builder.header("idempotency-key", uuid::Uuid::new_v4().to_string());
    }
    let request = GooseRequest::builder()
        .set_request_builder(builder)
        .name(c.name)
        .expect_status_code(c.expect)
        .build();
    user.request(request).await
}

/// Sends `c` and checks its status; the JSON body of the expected answer (`null` if empty).
pub async fn send(user: &mut GooseUser, c: Call<'_>) -> StepResult<Reply> {
    let mut attempt = 0;
    loop {
        let GooseResponse {
            mut request,
            response,
        } = send_once(user, &c).await?;
        let response = match response {
            Ok(r) => r,
            Err(e) => {
                return Err(fail(user, &format!("{}: {e}", c.name), &mut request, None));
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let text = response.text().await.unwrap_or_default();
        if status == 503 && attempt < MAX_RETRIES && text.contains("overloaded") {
            // Back-pressure, not an error: the server asked to come back later.
            attempt += 1;
            RETRIES.fetch_add(1, Ordering::Relaxed);
            user.set_success(&mut request)?;
            let wait = Duration::from_secs(retry_after.unwrap_or(1).clamp(1, 5));
            tokio::time::sleep(wait).await;
            continue;
        }
        if status != c.expect {
            let tag = format!("{}: {status} (expected {})", c.name, c.expect);
            return Err(fail(user, &tag, &mut request, Some(&text)));
        }
        let json = if text.is_empty() {
            Value::Null
        } else {
            match serde_json::from_str(&text) {
                Ok(json) => json,
                Err(e) => {
                    let tag = format!("{}: not JSON ({e})", c.name);
                    return Err(fail(user, &tag, &mut request, Some(&text)));
                }
            }
        };
        return Ok(Reply { json, request });
    }
}

/// The address the server counts a simulated user's requests under: 10.x.y.z from `n`.
pub fn address(n: u32) -> String {
    let n = n & 0x00ff_ffff;
    format!("10.{}.{}.{}", n >> 16, (n >> 8) & 0xff, n & 0xff)
}

#[cfg(test)]
mod tests {
    use super::address;

    #[test]
    fn addresses_are_distinct_private_ipv4() {
        assert_eq!(address(1), "10.0.0.1");
        assert_eq!(address(0x01_02_03), "10.1.2.3");
        assert_ne!(address(256), address(1));
        assert!(address(70_000).parse::<std::net::Ipv4Addr>().is_ok());
    }
}
