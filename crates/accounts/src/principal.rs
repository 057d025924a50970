//! The authenticated caller, as the HTTP edge hands it to handlers and domain functions.

use openlance_core::id::UserId;
use serde::{Deserialize, Serialize};

/// What a user may act as. A user can hold several roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Buys services and hires freelancers.
    Client,
    /// Sells services and works on contracts.
    Freelancer,
    /// Runs the platform.
    Admin,
}

/// The caller of a request: who they are and which roles their token carries.
/// Roles say what kind of user this is; whether they may act on a given object is
/// decided by the object's own check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub roles: Vec<Role>,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }
}
