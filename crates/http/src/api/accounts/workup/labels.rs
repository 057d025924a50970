//! `GET|POST|DELETE /api/v1/users/freelancer/{skills,languages}`: one label at a time, in
//! WorkUp's shapes: add with `{"newSkill": …}` / `{"newLanguage": …}` (201), remove with
//! `?skillToRemove=` / `?languageToRemove=` (or the same name in a JSON body; 200).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use openlance_accounts::{LabelList, Principal, Role};
use openlance_core::Problem;
use serde::{Deserialize, Serialize};

use super::{body_or_query, require};
use crate::{ApiError, ApiJson, ApiQuery, AppState, AuthUser};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Skills {
    pub skills: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Languages {
    pub languages: Vec<String>,
}

/// WorkUp's add-skill body; other fields it sends (`userId`) are ignored.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewSkill {
    pub new_skill: String,
}

/// WorkUp's add-language body; other fields it sends (`userId`) are ignored.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewLanguage {
    pub new_language: String,
}

/// The skill to remove, from the query string or a JSON body.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct SkillToRemove {
    pub skill_to_remove: String,
}

/// The language to remove, from the query string or a JSON body.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct LanguageToRemove {
    pub language_to_remove: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SkillQuery {
    skill_to_remove: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LanguageQuery {
    language_to_remove: Option<String>,
}

async fn list(state: &AppState, me: &Principal, list: LabelList) -> Result<Vec<String>, ApiError> {
    require(me, Role::Freelancer)?;
    Ok(state.accounts.labels(me.user_id, list).await?)
}

/// The caller's skills.
#[utoipa::path(get, path = "/api/v1/users/freelancer/skills", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = Skills), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_skills(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<Skills>, ApiError> {
    Ok(Json(Skills {
        skills: list(&state, &me, LabelList::Skills).await?,
    }))
}

/// Adds a skill (a duplicate, in any case, is ignored); 201 with the list.
#[utoipa::path(post, path = "/api/v1/users/freelancer/skills", tag = "workup-users",
    security(("bearer" = [])), request_body = NewSkill,
    responses((status = 201, body = Skills), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn add_skill(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<NewSkill>,
) -> Result<(StatusCode, Json<Skills>), ApiError> {
    require(&me, Role::Freelancer)?;
    let skills = state
        .accounts
        .add_label(me.user_id, LabelList::Skills, &body.new_skill)
        .await?;
    Ok((StatusCode::CREATED, Json(Skills { skills })))
}

/// Removes a skill named by the query `?skillToRemove=…` (or a JSON body
/// `{"skillToRemove": …}`).
#[utoipa::path(delete, path = "/api/v1/users/freelancer/skills", tag = "workup-users",
    security(("bearer" = [])), params(SkillToRemove),
    responses((status = 200, body = Skills), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "not on the list")))]
pub async fn remove_skill(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<SkillQuery>,
    body: Bytes,
) -> Result<Json<Skills>, ApiError> {
    require(&me, Role::Freelancer)?;
    let query = query
        .skill_to_remove
        .map(|skill_to_remove| SkillToRemove { skill_to_remove });
    let target: SkillToRemove = body_or_query(&body, query, "skillToRemove")?;
    let skills = state
        .accounts
        .remove_label(me.user_id, LabelList::Skills, &target.skill_to_remove)
        .await?;
    Ok(Json(Skills { skills }))
}

/// The caller's languages.
#[utoipa::path(get, path = "/api/v1/users/freelancer/languages", tag = "workup-users",
    security(("bearer" = [])),
    responses((status = 200, body = Languages), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_languages(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
) -> Result<Json<Languages>, ApiError> {
    Ok(Json(Languages {
        languages: list(&state, &me, LabelList::Languages).await?,
    }))
}

/// Adds a language (a duplicate, in any case, is ignored); 201 with the list.
#[utoipa::path(post, path = "/api/v1/users/freelancer/languages", tag = "workup-users",
    security(("bearer" = [])), request_body = NewLanguage,
    responses((status = 201, body = Languages), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn add_language(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<NewLanguage>,
) -> Result<(StatusCode, Json<Languages>), ApiError> {
    require(&me, Role::Freelancer)?;
    let languages = state
        .accounts
        .add_label(me.user_id, LabelList::Languages, &body.new_language)
        .await?;
    Ok((StatusCode::CREATED, Json(Languages { languages })))
}

/// Removes a language named by the query `?languageToRemove=…` (or a JSON body
/// `{"languageToRemove": …}`).
#[utoipa::path(delete, path = "/api/v1/users/freelancer/languages", tag = "workup-users",
    security(("bearer" = [])), params(LanguageToRemove),
    responses((status = 200, body = Languages), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "not on the list")))]
pub async fn remove_language(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<LanguageQuery>,
    body: Bytes,
) -> Result<Json<Languages>, ApiError> {
    require(&me, Role::Freelancer)?;
    let query = query
        .language_to_remove
        .map(|language_to_remove| LanguageToRemove { language_to_remove });
    let target: LanguageToRemove = body_or_query(&body, query, "languageToRemove")?;
    let languages = state
        .accounts
        .remove_label(me.user_id, LabelList::Languages, &target.language_to_remove)
        .await?;
    Ok(Json(Languages { languages }))
}
