//! Registration: validates the input, hashes the password, creates the user and their
//! profile, records `accounts.user_registered`, and signs the user in — one transaction.

use openlance_core::id::UserId;
use openlance_core::{DomainError, Event, Result, Validator};
use openlance_storage::Tx;

use crate::auth::password::Password;
use crate::auth::session::Session;
use crate::email::Email;
use crate::events::UserRegistered;
use crate::profiles::profile::ProfilePatch;
use crate::profiles::profile_store;
use crate::user::{self, User};
use crate::{Accounts, Role, auth::throttle};

/// What a new user sends, as raw text; field names are those the client used, for errors.
#[derive(Clone, Default)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Profile details some registration forms collect (WorkUp's city, industry …).
    pub profile: ProfilePatch,
    /// JSON names of the fields, for validation errors: `(email, password, name, roles)`.
    pub fields: RegistrationFields,
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("email", &self.email)
            .field("password", &"***")
            .field("name", &self.name)
            .field("roles", &self.roles)
            .finish_non_exhaustive()
    }
}

/// The JSON names a registration form uses.
#[derive(Debug, Clone)]
pub struct RegistrationFields {
    pub email: &'static str,
    pub password: &'static str,
    pub name: &'static str,
    pub roles: &'static str,
}

impl Default for RegistrationFields {
    fn default() -> Self {
        Self {
            email: "email",
            password: "password",
            name: "name",
            roles: "roles",
        }
    }
}

struct Valid {
    email: Email,
    password: Password,
    name: String,
    roles: Vec<Role>,
}

fn validate(input: &Registration, allow_admin: bool) -> Result<Valid> {
    let f = &input.fields;
    let mut v = Validator::new();
    let email = v.take(Email::parse(&input.email, f.email));
    let password = v.take(Password::parse(&input.password, f.password));
    let name = v.take(user::parse_name(&input.name, f.name));
    let mut roles: Vec<Role> = Vec::new();
    for r in &input.roles {
        if !roles.contains(r) {
            roles.push(*r);
        }
    }
    v.check(!roles.is_empty(), f.roles, "choose at least one role");
    v.check(
        allow_admin || !roles.contains(&Role::Admin),
        f.roles,
        "ADMIN cannot be chosen at registration",
    );
    v.take(input.profile.validate());
    v.finish()?;
    match (email, password, name) {
        (Some(email), Some(password), Some(name)) => Ok(Valid {
            email,
            password,
            name,
            roles,
        }),
        _ => Err(DomainError::internal("validation passed without values")),
    }
}

impl Accounts {
    /// Registers a client and/or freelancer (never an admin) and signs them in.
    /// Throttled per client address (`client_addr`); the password hash waits for a slot
    /// of the hashing limit, or the request is refused with `Overloaded`.
    pub async fn register(&self, input: Registration, client_addr: &str) -> Result<Session> {
        let valid = validate(&input, false)?;
        let limits = throttle::request_limit(&self.config, "register", client_addr);
        let attempt = throttle::admit(
            &self.db,
            self.config.failure_window,
            &limits,
            self.clock.now(),
        )
        .await?;
        let hash = match self.hashing.hash(valid.password.expose()).await {
            Ok(hash) => hash,
            Err(e) => {
                // Refused for capacity: the client may retry without spending its quota.
                attempt.withdraw(&self.db).await?;
                return Err(e);
            }
        };
        let mut tx = self.db.begin().await?;
        let user = self
            .insert_user(&mut tx, valid, &hash, &input.profile)
            .await?;
        let session = self.issue_session(&mut tx, user, None).await?;
        tx.commit().await?;
        Ok(session)
    }

    /// Creates a user from the command line (`openlance admin create-user`); the only way
    /// to make an admin. Validates like registration.
    pub async fn create_user(
        &self,
        email: &str,
        password: &str,
        name: &str,
        roles: &[Role],
    ) -> Result<UserId> {
        let input = Registration {
            email: email.into(),
            password: password.into(),
            name: name.into(),
            roles: roles.to_vec(),
            ..Default::default()
        };
        let valid = validate(&input, true)?;
        let hash = self.hashing.hash(valid.password.expose()).await?;
        let mut tx = self.db.begin().await?;
        let user = self
            .insert_user(&mut tx, valid, &hash, &input.profile)
            .await?;
        tx.commit().await?;
        Ok(user.id)
    }

    async fn insert_user(
        &self,
        tx: &mut Tx,
        valid: Valid,
        hash: &str,
        patch: &ProfilePatch,
    ) -> Result<User> {
        let now = self.clock.now();
        let user = User {
            id: UserId::new(),
            email: valid.email.as_str().to_string(),
            name: valid.name,
            roles: valid.roles,
            email_verified: false,
            created_at: now,
        };
        user::insert(tx.conn(), &user, hash).await?;
        profile_store::create(tx.conn(), user.id, now).await?;
        profile_store::apply(tx.conn(), user.id, patch, now).await?;
        let registered = UserRegistered {
            user_id: user.id,
            email: user.email.clone(),
            name: user.name.clone(),
            roles: user.roles.clone(),
        };
        let event = Event::of(&registered, now);
        openlance_bus::outbox::append(tx, &event).await?;
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> Registration {
        Registration {
            email: "a@example.com".into(),
            password: "a long enough secret".into(),
            name: "Ada".into(),
            roles: vec![Role::Client],
            ..Default::default()
        }
    }

    #[test]
    fn collects_every_field_error() {
        let bad = Registration {
            email: "nope".into(),
            password: "short".into(),
            name: " ".into(),
            roles: vec![],
            ..Default::default()
        };
        let Err(DomainError::Validation(errs)) = validate(&bad, false) else {
            panic!("expected validation errors");
        };
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "name", "roles"]);
    }

    #[test]
    fn admin_only_from_the_command_line() {
        let mut i = input();
        i.roles = vec![Role::Admin];
        assert!(validate(&i, false).is_err());
        assert!(validate(&i, true).is_ok());
        assert!(validate(&input(), false).is_ok());
    }
}
