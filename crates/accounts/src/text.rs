//! The one check for text people type into the marketplace (names, labels, headlines,
//! bios, profile items): measured after trimming, never longer than its field allows,
//! and free of control characters (free text may keep line breaks and tabs).

use openlance_core::{DomainError, Result, Validator};

/// What a field accepts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    /// Longest accepted, in characters, after trimming.
    pub max: usize,
    /// Whether blank text is refused.
    pub required: bool,
    /// Whether line breaks and tabs are allowed (bios, descriptions).
    pub multiline: bool,
}

impl Text {
    /// One line, not blank (a name, a label).
    pub(crate) const fn line(max: usize) -> Self {
        Self {
            max,
            required: true,
            multiline: false,
        }
    }

    /// Optional free text that may span lines.
    pub(crate) const fn free(max: usize) -> Self {
        Self {
            max,
            required: false,
            multiline: true,
        }
    }

    /// Checks `text` for `field`; returns it trimmed.
    pub(crate) fn parse(self, text: &str, field: &str) -> Result<String> {
        let trimmed = text.trim();
        if self.required && trimmed.is_empty() {
            return Err(DomainError::invalid(field, "must not be empty"));
        }
        if trimmed.chars().count() > self.max {
            return Err(DomainError::invalid(
                field,
                format!("must be at most {} characters", self.max),
            ));
        }
        let allowed = |c: char| self.multiline && matches!(c, '\n' | '\r' | '\t');
        if text.chars().any(|c| c.is_control() && !allowed(c)) {
            return Err(DomainError::invalid(
                field,
                "must not contain control characters",
            ));
        }
        Ok(trimmed.to_string())
    }

    /// Checks an optional value into `v` (nothing to check when absent).
    pub(crate) fn check(self, v: &mut Validator, value: &Option<String>, field: &str) {
        if let Some(text) = value {
            v.take(self.parse(text, field).map(|_| ()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_rule_for_every_field() {
        assert_eq!(Text::line(5).parse("  Ada ", "name").unwrap(), "Ada");
        assert!(Text::line(5).parse("   ", "name").is_err());
        assert!(Text::line(5).parse("Ada\nB", "name").is_err());
        assert!(Text::line(2).parse("Ada", "name").is_err());
        assert!(Text::free(20).parse("two\nlines\tok", "bio").is_ok());
        assert!(Text::free(20).parse("bell\u{7}", "bio").is_err());
        assert!(Text::free(20).parse("", "bio").is_ok());
        let err = Text::free(3).parse("long", "bio").unwrap_err();
        assert!(err.to_string().contains("at most 3 characters"), "{err}");
    }
}
