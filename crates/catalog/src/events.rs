//! The events of the catalog context, one payload struct per kind, written to the outbox
//! in the transaction that makes the change. The subject of every event is the listing.

use openlance_core::EventPayload;
use serde::{Deserialize, Serialize};

/// `catalog.service_listed`: a seller listed a service (ACTIVE).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceListed {
    pub service_id: String,
    pub seller_id: String,
    pub title: String,
    pub category: String,
}

impl EventPayload for ServiceListed {
    const KIND: &'static str = "catalog.service_listed";
    fn subject(&self) -> String {
        self.service_id.clone()
    }
}

/// `catalog.service_updated`: its seller changed a listing's fields; `changed` names them
/// in the listing's JSON spelling (`price`, `depositPercent`, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceUpdated {
    pub service_id: String,
    pub seller_id: String,
    pub changed: Vec<String>,
}

impl EventPayload for ServiceUpdated {
    const KIND: &'static str = "catalog.service_updated";
    fn subject(&self) -> String {
        self.service_id.clone()
    }
}

/// `catalog.service_paused`: ACTIVE → PAUSED; it cannot be ordered until resumed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePaused {
    pub service_id: String,
    pub seller_id: String,
}

impl EventPayload for ServicePaused {
    const KIND: &'static str = "catalog.service_paused";
    fn subject(&self) -> String {
        self.service_id.clone()
    }
}

/// `catalog.service_resumed`: PAUSED → ACTIVE.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceResumed {
    pub service_id: String,
    pub seller_id: String,
}

impl EventPayload for ServiceResumed {
    const KIND: &'static str = "catalog.service_resumed";
    fn subject(&self) -> String {
        self.service_id.clone()
    }
}

/// `catalog.service_archived`: its seller archived it (final).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceArchived {
    pub service_id: String,
    pub seller_id: String,
}

impl EventPayload for ServiceArchived {
    const KIND: &'static str = "catalog.service_archived";
    fn subject(&self) -> String {
        self.service_id.clone()
    }
}
