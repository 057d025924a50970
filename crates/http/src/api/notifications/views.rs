//! The JSON shapes of the notifications routes.

use chrono::{DateTime, Utc};
use openlance_notifications::in_app::Notification;
use openlance_notifications::preferences::Preference;
use serde::Serialize;
use utoipa::ToSchema;

/// One in-app notification.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationView {
    pub id: String,
    /// The kind of notification (see `GET /api/v1/notifications/preferences`).
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The path of the object it is about on the marketplace's site, e.g.
    /// `/contracts/{contractId}`.
    pub link: String,
    pub read: bool,
    pub read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> Self {
        Self {
            id: n.id.to_string(),
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            read: n.read_at.is_some(),
            read_at: n.read_at,
            created_at: n.created_at,
        }
    }
}

/// Whether one kind of notification is e-mailed to the caller.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreferenceView {
    /// The kind's name, e.g. `milestone_submitted`.
    pub kind: String,
    /// What it is about.
    pub description: String,
    /// E-mailed (every kind is listed in the app regardless).
    pub email: bool,
    /// A security message: always e-mailed, cannot be turned off.
    pub required: bool,
}

impl From<Preference> for PreferenceView {
    fn from(p: Preference) -> Self {
        Self {
            kind: p.kind.name.to_string(),
            description: p.kind.description.to_string(),
            email: p.email,
            required: p.kind.security,
        }
    }
}

/// Every kind of notification with the caller's e-mail setting.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PreferencesView {
    pub preferences: Vec<PreferenceView>,
}

impl PreferencesView {
    pub fn new(preferences: Vec<Preference>) -> Self {
        Self {
            preferences: preferences.into_iter().map(Into::into).collect(),
        }
    }
}
