//! The three kinds of profile items, with WorkUp's field names. Every field is optional
//! in the type so the same shape serves create (mandatory fields checked), partial
//! update (`PUT` with the item's `id`) and listing.

use openlance_core::{DomainError, Result, Validator};
use serde::{Deserialize, Serialize};

use crate::profiles::items::{ItemFields, ProfileItemId};
use crate::profiles::profile::check_date;
use crate::text::Text;

fn required(v: &mut Validator, value: &Option<String>, field: &str, creating: bool) {
    let present = value.as_deref().is_some_and(|s| !s.trim().is_empty());
    v.check(
        present || (!creating && value.is_none()),
        field,
        "is required",
    );
}

fn date(v: &mut Validator, value: &Option<String>, field: &str) {
    if let Some(d) = value.as_deref().filter(|d| !d.is_empty()) {
        v.take(check_date(d, field));
    }
}

fn merge(target: &mut Option<String>, patch: Option<String>) {
    if patch.is_some() {
        *target = patch;
    }
}

/// Defines an item kind: its struct, its mandatory field, and its checks.
macro_rules! item_kind {
    ($(#[$meta:meta])* $name:ident, kind = $kind:literal, required = [$($req:ident : $req_json:literal),*],
     text = [$($field:ident : $json:literal : $max:literal),*], dates = [$($d:ident : $d_json:literal),*]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        pub struct $name {
            /// The item's id: returned by create, required by update.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<ProfileItemId>,
            $(pub $field: Option<String>,)*
            $(pub $d: Option<String>,)*
        }

        impl ItemFields for $name {
            const KIND: &'static str = $kind;

            fn id(&self) -> Option<ProfileItemId> {
                self.id
            }

            fn set_id(&mut self, id: ProfileItemId) {
                self.id = Some(id);
            }

            fn check(&self, v: &mut Validator, creating: bool) {
                $(required(v, &self.$req, $req_json, creating);)*
                $(Text::free($max).check(v, &self.$field, $json);)*
                $(date(v, &self.$d, $d_json);)*
            }

            fn merge(&mut self, patch: Self) {
                $(merge(&mut self.$field, patch.$field);)*
                $(merge(&mut self.$d, patch.$d);)*
            }
        }
    };
}

item_kind!(
    /// An award or certificate.
    Achievement, kind = "achievement", required = [achievement_name: "achievementName"],
    text = [achievement_name: "achievementName": 200, awarded_by: "awardedBy": 200,
            achievement_description: "achievementDescription": 5000],
    dates = [award_date: "awardDate"]
);

item_kind!(
    /// A school, degree or course.
    Education, kind = "education", required = [school: "school"],
    text = [school: "school": 200, degree: "degree": 200, city: "city": 100, major: "major": 200,
            education_description: "educationDescription": 5000, grade: "grade": 50],
    dates = [start_date: "startDate", end_date: "endDate"]
);

item_kind!(
    /// A past or current job.
    Experience, kind = "experience", required = [company_name: "companyName", job_title: "jobTitle"],
    text = [company_name: "companyName": 200, job_title: "jobTitle": 200, city: "city": 100,
            experience_description: "experienceDescription": 5000],
    dates = [employment_start: "employmentStart", employment_end: "employmentEnd"]
);

/// Every item of a profile, by kind.
#[derive(Debug, Default)]
pub(crate) struct ProfileItems {
    pub experience: Vec<Experience>,
    pub education: Vec<Education>,
    pub achievements: Vec<Achievement>,
}

/// Loads all of `owner`'s items in one query (a profile shows every kind at once).
/// Adds one stored item (`kind`, JSON `data`) to `items`; unknown kinds are skipped.
pub(crate) fn add(items: &mut ProfileItems, kind: &str, data: &str) -> Result<()> {
    fn parse<T: ItemFields>(data: &str, into: &mut Vec<T>) -> Result<()> {
        into.push(serde_json::from_str(data).map_err(DomainError::internal)?);
        Ok(())
    }
    match kind {
        Experience::KIND => parse(data, &mut items.experience),
        Education::KIND => parse(data, &mut items.education),
        Achievement::KIND => parse(data, &mut items.achievements),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::items::ItemFields;

    #[test]
    fn create_requires_mandatory_fields_and_update_does_not() {
        let mut v = Validator::new();
        Experience::default().check(&mut v, true);
        let Err(openlance_core::DomainError::Validation(errs)) = v.finish() else {
            panic!("expected errors");
        };
        assert_eq!(errs.len(), 2);
        let mut v = Validator::new();
        Experience::default().check(&mut v, false);
        assert!(v.finish().is_ok());
        let mut v = Validator::new();
        Education {
            school: Some("MIT".into()),
            start_date: Some("31/01/2020".into()),
            ..Default::default()
        }
        .check(&mut v, true);
        assert!(v.finish().is_err());
    }
}
