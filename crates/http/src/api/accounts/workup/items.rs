//! `GET|POST|PUT|DELETE /api/v1/users/freelancer/{achievements,education,experience}` in
//! WorkUp's shapes: snake_case fields (`achievement_name`, `school_name`, `company_name`, …);
//! create answers 201 with the id; update names the item by `<kind>_id` and sends the
//! `new_<field>` values to change; delete names it by `?<kind>Id=` (or `<kind>_id` in a
//! JSON body) and answers 200. Fields WorkUp sends that we do not use (`userId`,
//! `freelancer_id`) are ignored. Another user's item id is a 404, so ids reveal nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use openlance_accounts::{Achievement, Education, Experience, ProfileItemId, Role};
use openlance_core::Problem;
use serde::{Deserialize, Serialize};

use super::{body_or_query, renamed, require};
use crate::{ApiError, ApiJson, ApiQuery, AppState, AuthUser};

/// The id of a created item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedItem {
    pub id: ProfileItemId,
}

/// What a delete answers (WorkUp's envelope adds `statusCode` and `errorMessage`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Deleted {}

/// One kind's four routes and its WorkUp shapes. `fields` lists each WorkUp field, its
/// `new_` name for updates, the domain field and the domain's name in validation errors.
macro_rules! workup_item {
    ($domain:ident, path = $path:literal, list = $list:ident { $key:ident },
     create = $create:ident, update = $update:ident, view = $view:ident, target = $target:ident,
     query = $query:ident, id = $id_json:literal, query_id = $query_id:literal,
     fns = ($list_fn:ident, $add_fn:ident, $update_fn:ident, $remove_fn:ident),
     fields = [$($wire:ident / $new:ident => $dom:ident : $dom_json:literal),*]) => {
        /// A new item, with WorkUp's field names.
        #[derive(Debug, Deserialize, utoipa::ToSchema)]
        pub struct $create {
            $(pub $wire: Option<String>,)*
        }

        /// The item named by its id, with the `new_` values to change.
        #[derive(Debug, Deserialize, utoipa::ToSchema)]
        pub struct $update {
            #[serde(rename = $id_json)]
            pub id: ProfileItemId,
            $(pub $new: Option<String>,)*
        }

        /// An item as WorkUp shows it, with its id.
        #[derive(Debug, Serialize, utoipa::ToSchema)]
        pub struct $view {
            #[serde(rename = $id_json)]
            pub id: Option<ProfileItemId>,
            $(pub $wire: Option<String>,)*
        }

        impl From<$domain> for $view {
            fn from(item: $domain) -> Self {
                Self { id: item.id, $($wire: item.$dom,)* }
            }
        }

        /// Names the item to delete in a JSON body.
        #[derive(Debug, Deserialize, utoipa::IntoParams)]
        #[into_params(parameter_in = Query)]
        pub struct $target {
            #[serde(rename = $id_json, alias = $query_id)]
            #[param(rename = $query_id)]
            pub id: ProfileItemId,
        }

        #[derive(Debug, Deserialize)]
        pub struct $query {
            #[serde(rename = $query_id, alias = $id_json)]
            id: Option<ProfileItemId>,
        }

        #[derive(Debug, Serialize, utoipa::ToSchema)]
        pub struct $list {
            pub $key: Vec<$view>,
        }

        /// The caller's items of this kind, oldest first.
        #[utoipa::path(get, path = $path, tag = "workup-users", security(("bearer" = [])),
            responses((status = 200, body = $list), (status = 401, body = Problem), (status = 403, body = Problem)))]
        pub async fn $list_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
        ) -> Result<Json<$list>, ApiError> {
            require(&me, Role::Freelancer)?;
            let items = state.accounts.list_items::<$domain>(me.user_id).await?;
            Ok(Json($list {
                $key: items.into_iter().map(Into::into).collect(),
            }))
        }

        /// Adds an item; answers 201 with its id.
        #[utoipa::path(post, path = $path, tag = "workup-users", security(("bearer" = [])),
            request_body = $create,
            responses((status = 201, body = CreatedItem), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem)))]
        pub async fn $add_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiJson(body): ApiJson<$create>,
        ) -> Result<(StatusCode, Json<CreatedItem>), ApiError> {
            require(&me, Role::Freelancer)?;
            let item = $domain { id: None, $($dom: body.$wire,)* };
            let id = state
                .accounts
                .add_item(me.user_id, item)
                .await
                .map_err(|e| renamed(e, &[$(($dom_json, stringify!($wire))),*]))?;
            Ok((StatusCode::CREATED, Json(CreatedItem { id })))
        }

        /// Changes the `new_` fields sent of the item named by its id; answers the item.
        #[utoipa::path(put, path = $path, tag = "workup-users", security(("bearer" = [])),
            request_body = $update,
            responses((status = 200, body = $view), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem),
                (status = 404, body = Problem, description = "no such item of yours")))]
        pub async fn $update_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiJson(body): ApiJson<$update>,
        ) -> Result<Json<$view>, ApiError> {
            require(&me, Role::Freelancer)?;
            let patch = $domain { id: Some(body.id), $($dom: body.$new,)* };
            let item = state
                .accounts
                .update_item(me.user_id, patch)
                .await
                .map_err(|e| renamed(e, &[$(($dom_json, stringify!($new))),*]))?;
            Ok(Json(item.into()))
        }

        /// Deletes the item named by the query's id (or the id in a JSON body).
        #[utoipa::path(delete, path = $path, tag = "workup-users", security(("bearer" = [])),
            params($target),
            responses((status = 200, body = Deleted), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem),
                (status = 404, body = Problem, description = "no such item of yours")))]
        pub async fn $remove_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiQuery(query): ApiQuery<$query>,
            body: Bytes,
        ) -> Result<Json<Deleted>, ApiError> {
            require(&me, Role::Freelancer)?;
            let target: $target =
                body_or_query(&body, query.id.map(|id| $target { id }), $query_id)?;
            state.accounts.delete_item::<$domain>(me.user_id, target.id).await?;
            Ok(Json(Deleted {}))
        }
    };
}

workup_item!(
    Achievement,
    path = "/api/v1/users/freelancer/achievements",
    list = Achievements { achievements },
    create = NewAchievement, update = AchievementUpdate, view = AchievementView,
    target = AchievementRef, query = AchievementQuery,
    id = "achievement_id", query_id = "achievementId",
    fns = (list_achievements, add_achievement, update_achievement, remove_achievement),
    fields = [
        achievement_name / new_achievement_name => achievement_name : "achievementName",
        awarded_by / new_awarded_by => awarded_by : "awardedBy",
        achievement_description / new_achievement_description
            => achievement_description : "achievementDescription",
        award_date / new_award_date => award_date : "awardDate"
    ]
);

workup_item!(
    Education,
    path = "/api/v1/users/freelancer/education",
    list = Educations { educations },
    create = NewEducation, update = EducationUpdate, view = EducationView,
    target = EducationRef, query = EducationQuery,
    id = "education_id", query_id = "educationId",
    fns = (list_education, add_education, update_education, remove_education),
    fields = [
        school_name / new_school_name => school : "school",
        degree / new_degree => degree : "degree",
        education_start_date / new_education_start_date => start_date : "startDate",
        city / new_city => city : "city",
        end_date / new_end_date => end_date : "endDate",
        major / new_major => major : "major",
        education_description / new_education_description
            => education_description : "educationDescription",
        grade / new_grade => grade : "grade"
    ]
);

workup_item!(
    Experience,
    path = "/api/v1/users/freelancer/experience",
    list = Experiences { experiences },
    create = NewExperience, update = ExperienceUpdate, view = ExperienceView,
    target = ExperienceRef, query = ExperienceQuery,
    id = "experience_id", query_id = "experienceId",
    fns = (list_experience, add_experience, update_experience, remove_experience),
    fields = [
        company_name / new_company_name => company_name : "companyName",
        job_title / new_job_title => job_title : "jobTitle",
        employment_start / new_employment_start => employment_start : "employmentStart",
        employment_end / new_employment_end => employment_end : "employmentEnd",
        experience_description / new_experience_description
            => experience_description : "experienceDescription",
        city / new_city => city : "city"
    ]
);
