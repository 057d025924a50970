//! Access tokens: compact JWS (JWT) signed with HMAC-SHA256, written here rather than
//! pulled from a library so the accepted surface is exactly one algorithm. Verification
//! checks the header's `alg` is `HS256` (so `none` and every other algorithm are refused),
//! compares the signature in constant time, and only then trusts the claims.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use openlance_core::id::UserId;
use openlance_core::{DomainError, Result};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::Role;

type HmacSha256 = Hmac<Sha256>;

/// The claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: UserId,
    pub roles: Vec<Role>,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch.
    pub exp: i64,
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
}

fn mac(secret: &[u8]) -> Result<HmacSha256> {
    HmacSha256::new_from_slice(secret).map_err(DomainError::internal)
}

/// Signs the claims into `header.payload.signature`.
pub fn sign(secret: &[u8], claims: &Claims) -> Result<String> {
    let header = Header {
        alg: "HS256".into(),
        typ: Some("JWT".into()),
    };
    let header = serde_json::to_vec(&header).map_err(DomainError::internal)?;
    let payload = serde_json::to_vec(claims).map_err(DomainError::internal)?;
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload)
    );
    let mut mac = mac(secret)?;
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    Ok(format!("{signing_input}.{signature}"))
}

/// Verifies a token's algorithm, signature and expiry at `now`; any failure is 401.
pub fn verify(secret: &[u8], token: &str, now: DateTime<Utc>) -> Result<Claims> {
    let invalid = || DomainError::Unauthenticated("the access token is not valid".into());
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let header: Header = URL_SAFE_NO_PAD
        .decode(header_b64)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(invalid)?;
    if header.alg != "HS256" {
        return Err(invalid());
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| invalid())?;
    let mut mac = mac(secret)?;
    mac.update(header_b64.as_bytes());
    mac.update(b".");
    mac.update(payload_b64.as_bytes());
    // `verify_slice` compares in constant time.
    mac.verify_slice(&signature).map_err(|_| invalid())?;
    let claims: Claims = URL_SAFE_NO_PAD
        .decode(payload_b64)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(invalid)?;
    if now.timestamp() >= claims.exp {
        return Err(DomainError::Unauthenticated(
            "the access token has expired; refresh it".into(),
        ));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(now: DateTime<Utc>) -> Claims {
        Claims {
            sub: UserId::new(),
            roles: vec![Role::Client],
            iat: now.timestamp(),
            exp: now.timestamp() + 900,
        }
    }

    #[test]
    fn round_trips_and_expires() {
        let now = Utc::now();
        let c = claims(now);
        let t = sign(KEY, &c).unwrap();
        assert_eq!(verify(KEY, &t, now).unwrap(), c);
        assert!(verify(KEY, &t, now + chrono::Duration::seconds(899)).is_ok());
        assert!(verify(KEY, &t, now + chrono::Duration::seconds(900)).is_err());
    }

    #[test]
    fn refuses_wrong_key_tampering_and_other_algorithms() {
        let now = Utc::now();
        let t = sign(KEY, &claims(now)).unwrap();
        assert!(verify(b"another key entirely, 32 bytes!!", &t, now).is_err());

        let parts: Vec<&str> = t.split('.').collect();
        let mut forged = claims(now);
        forged.roles = vec![Role::Admin];
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
        assert!(verify(KEY, &tampered, now).is_err());

        let none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(verify(KEY, &format!("{none}.{}.", parts[1]), now).is_err());
        assert!(verify(KEY, &format!("{none}.{}.{}", parts[1], parts[2]), now).is_err());
        let hs512 = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS512"}"#);
        assert!(verify(KEY, &format!("{hs512}.{}.{}", parts[1], parts[2]), now).is_err());
        for junk in ["", "a.b", "a.b.c.d", "...", "x.y.z"] {
            assert!(verify(KEY, junk, now).is_err(), "{junk}");
        }
    }
}
