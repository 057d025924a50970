//! Profiles: the details a user shows the marketplace (headline, bio, skills, rate, company
//! …) and the few they keep private (birth date). Stored one row per user in
//! `user_profiles`; changed through [`ProfilePatch`], which validates every field first.

use chrono::{DateTime, NaiveDate};
use openlance_core::{DomainError, Money, Result, Validator};
use serde::Deserialize;

use crate::text::Text;

/// The stored profile details of one user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileDetails {
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    pub photo_link: Option<String>,
    pub resume_link: Option<String>,
    pub job_title: Option<String>,
    /// Private: shown only to the owner.
    pub birth_date: Option<String>,
    pub skills: Vec<String>,
    pub languages: Vec<String>,
    pub hourly_rate: Option<Money>,
    pub company_name: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub company_description: Option<String>,
}

/// A partial update; absent fields are left alone, an empty string clears a text field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProfilePatch {
    /// Display name.
    pub name: Option<String>,
    pub headline: Option<String>,
    pub bio: Option<String>,
    pub city: Option<String>,
    /// An http(s) URL.
    pub photo_link: Option<String>,
    /// An http(s) URL.
    pub resume_link: Option<String>,
    pub job_title: Option<String>,
    /// `YYYY-MM-DD`; private.
    pub birth_date: Option<String>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub hourly_rate: Option<Money>,
    pub company_name: Option<String>,
    pub industry: Option<String>,
    pub employee_count: Option<i64>,
    pub company_description: Option<String>,
}

/// Checks an http(s) URL as given for a photo or resume link.
pub fn check_link(s: &str, field: &str) -> Result<()> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    let ok = s.len() <= 2048
        && rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !r.chars().any(|c| c.is_whitespace() || c.is_control())
        });
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            "must be an http:// or https:// URL",
        ))
    }
}

/// Checks a list of short labels (skills, languages).
pub fn check_label(s: &str, field: &str) -> Result<()> {
    Text::line(50).parse(s, field).map(|_| ())
}

/// Checks a date: `YYYY-MM-DD`, or an RFC 3339 timestamp as WorkUp's clients send.
pub fn check_date(s: &str, field: &str) -> Result<()> {
    let ok =
        NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() || DateTime::parse_from_rfc3339(s).is_ok();
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            "must be a date like 2024-01-31",
        ))
    }
}

impl ProfilePatch {
    /// Every field error at once, with the patch's JSON field names.
    pub fn validate(&self) -> Result<()> {
        let mut v = Validator::new();
        if let Some(n) = &self.name {
            v.take(crate::user::parse_name(n, "name").map(|_| ()));
        }
        Text::free(120).check(&mut v, &self.headline, "headline");
        Text::free(5000).check(&mut v, &self.bio, "bio");
        Text::free(100).check(&mut v, &self.city, "city");
        Text::free(120).check(&mut v, &self.job_title, "jobTitle");
        Text::free(200).check(&mut v, &self.company_name, "companyName");
        Text::free(100).check(&mut v, &self.industry, "industry");
        Text::free(5000).check(&mut v, &self.company_description, "companyDescription");
        for (value, field) in [
            (&self.photo_link, "photoLink"),
            (&self.resume_link, "resumeLink"),
        ] {
            if let Some(s) = value.as_deref().filter(|s| !s.is_empty()) {
                v.take(check_link(s, field));
            }
        }
        if let Some(d) = self.birth_date.as_deref().filter(|s| !s.is_empty()) {
            v.take(check_date(d, "birthDate"));
        }
        for (list, name) in [(&self.skills, "skills"), (&self.languages, "languages")] {
            if let Some(list) = list {
                v.check(list.len() <= 50, name, "at most 50 entries");
                for (i, s) in list.iter().enumerate() {
                    v.take(check_label(s, &format!("{name}[{i}]")));
                }
            }
        }
        if let Some(rate) = &self.hourly_rate {
            v.check(
                rate.amount > 0 && rate.amount <= 100_000_000,
                "hourlyRate.amount",
                "must be a positive number of minor units, at most 100000000",
            );
        }
        if let Some(n) = self.employee_count {
            v.check(
                (0..=10_000_000).contains(&n),
                "employeeCount",
                "must be between 0 and 10000000",
            );
        }
        v.finish()
    }

    /// Applies the (validated) patch to stored details.
    pub fn apply_to(&self, d: &mut ProfileDetails) {
        let set = |target: &mut Option<String>, value: &Option<String>| {
            if let Some(s) = value {
                let s = s.trim();
                *target = (!s.is_empty()).then(|| s.to_string());
            }
        };
        set(&mut d.headline, &self.headline);
        set(&mut d.bio, &self.bio);
        set(&mut d.city, &self.city);
        set(&mut d.photo_link, &self.photo_link);
        set(&mut d.resume_link, &self.resume_link);
        set(&mut d.job_title, &self.job_title);
        set(&mut d.birth_date, &self.birth_date);
        set(&mut d.company_name, &self.company_name);
        set(&mut d.industry, &self.industry);
        set(&mut d.company_description, &self.company_description);
        if let Some(list) = &self.skills {
            d.skills = normalize_labels(list);
        }
        if let Some(list) = &self.languages {
            d.languages = normalize_labels(list);
        }
        if self.hourly_rate.is_some() {
            d.hourly_rate = self.hourly_rate;
        }
        if self.employee_count.is_some() {
            d.employee_count = self.employee_count;
        }
    }
}

/// Trims labels and drops case-insensitive duplicates, keeping the first spelling.
pub fn normalize_labels(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in list {
        let s = s.trim();
        if !out.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            out.push(s.to_string());
        }
    }
    out
}
