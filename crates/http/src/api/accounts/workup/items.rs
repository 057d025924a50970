//! `GET|POST|PUT|DELETE /api/v1/users/freelancer/{achievements,education,experience}`:
//! list, create (returns the id), update by the `id` in the body, delete by id (body or
//! query). Another user's item id is a 404, so ids reveal nothing.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use openlance_accounts::{Achievement, Education, Experience, ProfileItemId, Role};
use openlance_core::Problem;
use serde::{Deserialize, Serialize};

use super::{body_or_query, require};
use crate::{ApiError, ApiJson, ApiQuery, AppState, AuthUser};

/// The id of a created item.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CreatedItem {
    pub id: ProfileItemId,
}

/// Names the item to delete.
#[derive(Debug, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ItemRef {
    pub id: ProfileItemId,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemQuery {
    id: Option<ProfileItemId>,
}

macro_rules! item_routes {
    ($ty:ident, $path:tt, $list:ident { $key:ident }, $list_fn:ident, $add_fn:ident,
     $update_fn:ident, $remove_fn:ident) => {
        #[derive(Debug, Serialize, utoipa::ToSchema)]
        pub struct $list {
            pub $key: Vec<$ty>,
        }

        /// The caller's items of this kind, oldest first.
        #[utoipa::path(get, path = $path, tag = "workup-users", security(("bearer" = [])),
            responses((status = 200, body = $list), (status = 401, body = Problem), (status = 403, body = Problem)))]
        pub async fn $list_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
        ) -> Result<Json<$list>, ApiError> {
            require(&me, Role::Freelancer)?;
            Ok(Json($list {
                $key: state.accounts.list_items::<$ty>(me.user_id).await?,
            }))
        }

        /// Adds an item; answers with its id.
        #[utoipa::path(post, path = $path, tag = "workup-users", security(("bearer" = [])),
            request_body = $ty,
            responses((status = 201, body = CreatedItem), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem)))]
        pub async fn $add_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiJson(body): ApiJson<$ty>,
        ) -> Result<(StatusCode, Json<CreatedItem>), ApiError> {
            require(&me, Role::Freelancer)?;
            let id = state.accounts.add_item(me.user_id, body).await?;
            Ok((StatusCode::CREATED, Json(CreatedItem { id })))
        }

        /// Updates the fields sent of the item whose `id` is in the body.
        #[utoipa::path(put, path = $path, tag = "workup-users", security(("bearer" = [])),
            request_body = $ty,
            responses((status = 200, body = $ty), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem),
                (status = 404, body = Problem, description = "no such item of yours")))]
        pub async fn $update_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiJson(body): ApiJson<$ty>,
        ) -> Result<Json<$ty>, ApiError> {
            require(&me, Role::Freelancer)?;
            Ok(Json(state.accounts.update_item(me.user_id, body).await?))
        }

        /// Deletes the item named by `id` (JSON body or query string).
        #[utoipa::path(delete, path = $path, tag = "workup-users", security(("bearer" = [])),
            params(ItemRef),
            responses((status = 204, description = "deleted"), (status = 400, body = Problem),
                (status = 401, body = Problem), (status = 403, body = Problem),
                (status = 404, body = Problem, description = "no such item of yours")))]
        pub async fn $remove_fn(
            State(state): State<AppState>,
            AuthUser(me): AuthUser,
            ApiQuery(query): ApiQuery<ItemQuery>,
            body: Bytes,
        ) -> Result<StatusCode, ApiError> {
            require(&me, Role::Freelancer)?;
            let target: ItemRef = body_or_query(&body, query.id.map(|id| ItemRef { id }), "id")?;
            state.accounts.delete_item::<$ty>(me.user_id, target.id).await?;
            Ok(StatusCode::NO_CONTENT)
        }
    };
}

item_routes!(
    Achievement,
    "/api/v1/users/freelancer/achievements",
    Achievements { achievements },
    list_achievements,
    add_achievement,
    update_achievement,
    remove_achievement
);
item_routes!(
    Education,
    "/api/v1/users/freelancer/education",
    Educations { educations },
    list_education,
    add_education,
    update_education,
    remove_education
);
item_routes!(
    Experience,
    "/api/v1/users/freelancer/experience",
    Experiences { experiences },
    list_experience,
    add_experience,
    update_experience,
    remove_experience
);
