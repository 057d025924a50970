//! Passwords: the `Password` newtype (length and common-password checks at the edge) and
//! Argon2id hashing with OWASP's recommended parameters (m = 19456 KiB, t = 2, p = 1).
//! Hashing is CPU-bound: it runs on the hashing threads behind the hashing limit
//! (`hashing.rs`).

use std::cell::RefCell;
use std::sync::OnceLock;

use argon2::password_hash::phc::{Output, ParamsString, Salt};
use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, Version};
use openlance_core::{DomainError, Result};
use subtle::ConstantTimeEq;

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

fn params() -> Result<Params> {
    Params::new(19_456, 2, 1, None).map_err(DomainError::internal)
}

thread_local! {
    /// Argon2's working memory (19 MiB), kept by each hashing thread and reused for every
    /// hash it computes while logins keep coming. Allocated afresh per hash, the blocks
    /// stayed behind in the allocator: 64 logins took the process from 26 to 144 MiB. An
    /// idle hashing thread gives them back ([`release_blocks`]).
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Frees this thread's Argon2 blocks. A block set this large is its own memory mapping,
/// so freeing it returns the 19 MiB to the system at once.
pub(crate) fn release_blocks() {
    BLOCKS.with(|blocks| *blocks.borrow_mut() = Vec::new());
}

/// Whether this thread holds Argon2 blocks.
#[cfg(test)]
fn holds_blocks() -> bool {
    BLOCKS.with(|blocks| !blocks.borrow().is_empty())
}

/// `out` = Argon2(`password`, `salt`) with `argon2`'s parameters, on this thread's blocks.
fn compute(
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<()> {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let count = params.block_count();
        if blocks.len() != count {
            *blocks = vec![Block::default(); count];
        }
        argon2
            .hash_password_into_with_memory(password, salt, out, blocks.as_mut_slice())
            .map_err(DomainError::internal)
    })
}

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). CPU-bound:
/// call it through the hashing limit, on a hashing thread.
pub(crate) fn hash_now(password: &str) -> Result<String> {
    let params = params()?;
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt: [u8; 16] = rand::random();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon2, &params, password.as_bytes(), &salt, &mut out)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(DomainError::internal)?,
        salt: Some(Salt::new(&salt).map_err(DomainError::internal)?),
        hash: Some(Output::new(&out).map_err(DomainError::internal)?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the stored PHC hash (with the parameters it was made with).
/// A malformed hash never matches.
pub(crate) fn verify_now(password: &str, phc: &str) -> Result<bool> {
    let Ok(stored) = PasswordHash::new(phc) else {
        return Ok(false);
    };
    let (Some(salt), Some(expected)) = (&stored.salt, &stored.hash) else {
        return Ok(false);
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(stored.algorithm.as_str()),
        Params::try_from(&stored),
    ) else {
        return Ok(false);
    };
    let version = match stored.version.map(Version::try_from) {
        None => Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return Ok(false),
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    if compute(
        &argon2,
        &params,
        password.as_bytes(),
        salt.as_ref(),
        &mut out,
    )
    .is_err()
    {
        return Ok(false);
    }
    Ok(bool::from(out.as_slice().ct_eq(expected.as_bytes())))
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
    fn a_thread_keeps_its_blocks_between_hashes_until_it_releases_them() {
        assert!(!holds_blocks());
        let phc = hash_now("correct horse battery").unwrap();
        assert!(holds_blocks(), "kept for the next hash");
        assert!(verify_now("correct horse battery", &phc).unwrap());
        release_blocks();
        assert!(!holds_blocks());
        // Released blocks are allocated again on demand, and hashes still agree.
        assert!(verify_now("correct horse battery", &phc).unwrap());
        assert!(!verify_now("wrong horse battery", &phc).unwrap());
    }

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

    /// Hashes stored by the Argon2 crate's own hasher (and other parameters) still verify,
    /// and ours verify with its verifier: the reused working memory changes nothing.
    #[test]
    fn hashes_agree_with_the_argon2_crates_own() {
        use argon2::{PasswordHasher, PasswordVerifier};
        let theirs = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8_192, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery")
        .unwrap()
        .to_string();
        assert!(verify_now("correct horse battery", &theirs).unwrap());
        assert!(!verify_now("correct horse batterx", &theirs).unwrap());
        // Smaller blocks were used on this thread: the next hash takes 19 MiB again.
        let ours = hash_now("correct horse battery").unwrap();
        Argon2::default()
            .verify_password(b"correct horse battery", ours.as_str())
            .unwrap();
        assert!(verify_now("correct horse battery", &ours).unwrap());
        assert!(
            !verify_now(
                "correct horse battery",
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA"
            )
            .unwrap()
        );
    }
}
