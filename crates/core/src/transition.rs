//! State machines (DESIGN.md principle 2). Each machine is an enum of states implementing
//! [`State`] and a table of allowed moves ([`Moves`]); whether a move is allowed is decided
//! here, in one place, and a refused move is a 409 that names the current state.
//!
//! The database step (a conditional `UPDATE … WHERE status = $from` and an audit row in the
//! context's own transitions table) is `openlance_storage::transition::apply`.

use std::fmt::Debug;

use crate::error::DomainError;

/// One state of a machine, stored as its `as_str` text in a `status` column.
pub trait State: Copy + Eq + Debug + Send + Sync + 'static {
    /// What the machine's objects are called in messages: "payment request", "order".
    const NOUN: &'static str;
    fn as_str(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
}

/// The allowed moves of one machine, as `(from, to)` pairs.
#[derive(Debug)]
pub struct Moves<S: 'static>(pub &'static [(S, S)]);

impl<S: State> Moves<S> {
    pub fn allows(&self, from: S, to: S) -> bool {
        self.0.iter().any(|&(f, t)| f == from && t == to)
    }

    /// `Ok` when `from → to` is allowed, else the 409 naming the current state.
    pub fn check(&self, from: S, to: S) -> Result<(), DomainError> {
        if self.allows(from, to) {
            Ok(())
        } else {
            Err(refused(from, to))
        }
    }
}

/// The 409 for a move the machine does not allow from `current`.
pub fn refused<S: State>(current: S, to: S) -> DomainError {
    DomainError::Conflict {
        code: "invalid_transition",
        message: format!(
            "this {} is {}; it cannot become {}",
            S::NOUN,
            current.as_str(),
            to.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Light {
        Red,
        Green,
        Amber,
    }

    impl State for Light {
        const NOUN: &'static str = "light";
        fn as_str(self) -> &'static str {
            match self {
                Self::Red => "RED",
                Self::Green => "GREEN",
                Self::Amber => "AMBER",
            }
        }
        fn parse(text: &str) -> Option<Self> {
            [Self::Red, Self::Green, Self::Amber]
                .into_iter()
                .find(|s| s.as_str() == text)
        }
    }

    const MOVES: Moves<Light> = Moves(&[
        (Light::Red, Light::Green),
        (Light::Green, Light::Amber),
        (Light::Amber, Light::Red),
    ]);

    #[test]
    fn only_listed_moves_are_allowed_and_a_refusal_names_the_current_state() {
        assert!(MOVES.check(Light::Red, Light::Green).is_ok());
        let err = MOVES.check(Light::Red, Light::Amber).unwrap_err();
        assert_eq!(err.status(), 409);
        assert_eq!(err.code(), "invalid_transition");
        assert_eq!(err.to_string(), "this light is RED; it cannot become AMBER");
        assert_eq!(Light::parse("GREEN"), Some(Light::Green));
    }
}
