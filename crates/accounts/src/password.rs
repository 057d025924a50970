//! Passwords: the `Password` newtype (length and common-password checks at the edge) and
//! Argon2id hashing with OWASP's recommended parameters (m = 19456 KiB, t = 2, p = 1).
//! Hashing is CPU-bound, so it runs on the blocking pool.

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

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub async fn hash(password: &str) -> Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        hasher()?
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(DomainError::internal)
    })
    .await
    .map_err(DomainError::internal)?
}

/// Whether `password` matches the stored PHC hash. A malformed hash never matches.
pub async fn verify(password: &str, phc: &str) -> Result<bool> {
    let password = password.to_string();
    let phc = phc.to_string();
    tokio::task::spawn_blocking(move || {
        Ok(hasher()?
            .verify_password(password.as_bytes(), phc.as_str())
            .is_ok())
    })
    .await
    .map_err(DomainError::internal)?
}

/// Spends the same work as a real check when the email is unknown, so response time
/// does not reveal whether an account exists.
pub async fn verify_dummy(password: &str) -> Result<()> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let phc = match DUMMY.get() {
        Some(h) => h.clone(),
        None => {
            let random: [u8; 16] = rand::random();
            let h = hash(&format!("{random:?}")).await?;
            DUMMY.get_or_init(|| h).clone()
        }
    };
    verify(password, &phc).await.map(|_| ())
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

    #[tokio::test]
    async fn hashes_with_argon2id_owasp_parameters_and_verifies() {
        let h = hash("correct horse battery").await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery", &h).await.unwrap());
        assert!(!verify("correct horse batterY", &h).await.unwrap());
        assert!(!verify("x", "not a hash").await.unwrap());
        verify_dummy("anything at all").await.unwrap();
    }
}
