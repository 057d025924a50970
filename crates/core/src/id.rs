//! Typed identifiers. Every id is a UUIDv7 (time-ordered, so primary-key indexes stay
//! append-mostly) wrapped in a newtype so a `UserId` can never be passed where an
//! `OrderId` is expected. Ids are stored as their canonical text form.

/// Defines a UUIDv7 newtype id with parsing, display, serde and OpenAPI support.
#[macro_export]
macro_rules! define_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            /// Parses the canonical text form; any malformed id is a validation error.
            pub fn parse(s: &str) -> Result<Self, $crate::DomainError> {
                s.parse()
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self).map_err(|_| {
                    $crate::DomainError::invalid("id", format!("'{s}' is not a valid id"))
                })
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                        utoipa::openapi::KnownFormat::Uuid,
                    )))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

define_id!(
    /// A user account: client, freelancer, admin, or several at once.
    UserId
);
define_id!(
    /// An event written to the outbox.
    EventId
);
