//! Passwords: the `Password` newtype (length and common-password checks at the edge) and
//! Argon2id hashing with OWASP's recommended parameters (m = 19456 KiB, t = 2, p = 1).
//! Hashing is CPU-bound: it runs on the hashing threads behind the hashing limit
//! (`hashing.rs`).

use std::sync::OnceLock;

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use openlance_core::{DomainError, Result};

/// Shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;
/// Longest password accepted (hashing cost grows with input; nobody types more).
pub const MAX_PASSWORD_LEN: usize = 256;

const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// A password a client chose, checked for length and against the common-password list.
/// Never printed: `Debug` shows `***`.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// Parses a new password; `field` is the JSON name the client used.
    pub fn parse(text: &str, field: &str) -> Result<Self> {
        let chars = text.chars().count();
        if chars < MIN_PASSWORD_LEN {
            return Err(DomainError::invalid(
                field,
                format!("must be at least {MIN_PASSWORD_LEN} characters"),
            ));
        }
        if chars > MAX_PASSWORD_LEN {
            return Err(DomainError::invalid(
                field,
                format!("must be at most {MAX_PASSWORD_LEN} characters"),
            ));
        }
        if is_common(text) {
            return Err(DomainError::invalid(
                field,
                "this password is too common; choose another",
            ));
        }
        Ok(Self(text.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn is_common(text: &str) -> bool {
    let lower = text.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.trim() == lower)
}

fn hasher() -> Result<Argon2<'static>> {
    let params = Params::new(19_456, 2, 1, None).map_err(DomainError::internal)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). CPU-bound:
/// call it through the hashing limit, on a hashing thread.
pub(crate) fn hash_now(password: &str) -> Result<String> {
    hasher()?
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(DomainError::internal)
}

/// Whether `password` matches the stored PHC hash. A malformed hash never matches.
pub(crate) fn verify_now(password: &str, phc: &str) -> Result<bool> {
    Ok(hasher()?.verify_password(password.as_bytes(), phc).is_ok())
}

/// A hash of a random password, made once, to check when an email is unknown.
pub(crate) fn dummy_hash() -> Result<String> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h.clone());
    }
    let random: [u8; 16] = rand::random();
    let h = hash_now(&format!("{random:?}"))?;
    Ok(DUMMY.get_or_init(|| h).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_short_and_common_passwords() {
        assert!(Password::parse("short", "password").is_err());
        assert!(Password::parse("Password123", "password").is_err());
        assert!(Password::parse("qwertyuiop", "password").is_err());
        assert!(Password::parse("correct horse battery", "password").is_ok());
        let err = Password::parse("1234567890", "newPassword").unwrap_err();
        assert!(err.to_string().contains("newPassword"), "{err}");
    }

    #[test]
    fn the_list_has_a_few_hundred_entries() {
        let n = COMMON_PASSWORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .count();
        assert!(n >= 300, "{n}");
    }

    #[test]
    fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let h = hash_now("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_now("correct horse battery", &h).unwrap());
        assert!(!verify_now("correct horse batterY", &h).unwrap());
        assert!(!verify_now("x", "not a hash").unwrap());
        assert!(!verify_now("anything at all", &dummy_hash().unwrap()).unwrap());
    }
}
