//! Email addresses, normalized to lowercase at the edge so uniqueness is case-insensitive.

use openlance_core::{DomainError, Result};

/// A syntactically plausible email address, trimmed and lowercased.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses and normalizes an address; `field` is the JSON name the client used.
    pub fn parse(text: &str, field: &str) -> Result<Self> {
        let bad = |m: &str| DomainError::invalid(field, m.to_string());
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Err(bad("must not be empty"));
        }
        if text.len() > 254 {
            return Err(bad("must be at most 254 characters"));
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(bad("must be an email address like name@example.com"));
        };
        let ok = !local.is_empty()
            && local.len() <= 64
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && text
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>()[],;:\"\\".contains(c));
        if !ok {
            return Err(bad("must be an email address like name@example.com"));
        }
        Ok(Self(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_rejects() {
        let e = Email::parse("  Ada@Example.COM ", "email").unwrap();
        assert_eq!(e.as_str(), "ada@example.com");
        for bad in [
            "",
            "ada",
            "ada@",
            "@x.com",
            "a@b",
            "a b@c.com",
            "a@b..com",
            "a@@b.com",
        ] {
            assert!(Email::parse(bad, "email").is_err(), "{bad}");
        }
    }
}
