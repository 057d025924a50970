//! Shared marketplace vocabulary used by every bounded context: typed ids (UUIDv7),
//! exact [`Money`] in minor units, an injectable [`Clock`], opaque pagination cursors,
//! the [`DomainError`] that the HTTP edge renders as RFC 9457 problem+json, the
//! [`Event`] envelope carried by the outbox with its typed payloads, and the allowed-moves
//! tables of the state machines ([`transition`]).

pub mod clock;
pub mod cursor;
pub mod error;
pub mod event;
pub mod id;
pub mod money;
pub mod time;
pub mod transition;

pub use clock::{Clock, ManualClock, SystemClock};
pub use cursor::{Cursor, Page, page_limit};
pub use error::{DomainError, FieldError, Problem, Validator};
pub use event::{Event, EventPayload};
pub use money::{Currency, Money};

/// The result type of every domain operation.
pub type Result<T, E = DomainError> = std::result::Result<T, E>;
