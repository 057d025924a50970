//! `GET|POST|DELETE /api/v1/users/freelancer/{skills,languages}`: one label at a time.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
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

#[derive(Debug, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SkillBody {
    pub skill: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LanguageBody {
    pub language: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillQuery {
    skill: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageQuery {
    language: Option<String>,
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

/// Adds a skill (a duplicate, in any case, is ignored).
#[utoipa::path(post, path = "/api/v1/users/freelancer/skills", tag = "workup-users",
    security(("bearer" = [])), request_body = SkillBody,
    responses((status = 200, body = Skills), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn add_skill(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<SkillBody>,
) -> Result<Json<Skills>, ApiError> {
    require(&me, Role::Freelancer)?;
    let skills = state
        .accounts
        .add_label(me.user_id, LabelList::Skills, &body.skill)
        .await?;
    Ok(Json(Skills { skills }))
}

/// Removes a skill named in a JSON body `{"skill": …}` or the query `?skill=…`.
#[utoipa::path(delete, path = "/api/v1/users/freelancer/skills", tag = "workup-users",
    security(("bearer" = [])), params(SkillBody),
    responses((status = 200, body = Skills), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "not on the list")))]
pub async fn remove_skill(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<SkillQuery>,
    body: Bytes,
) -> Result<Json<Skills>, ApiError> {
    require(&me, Role::Freelancer)?;
    let query = query.skill.map(|skill| SkillBody { skill });
    let target: SkillBody = body_or_query(&body, query, "skill")?;
    let skills = state
        .accounts
        .remove_label(me.user_id, LabelList::Skills, &target.skill)
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

/// Adds a language (a duplicate, in any case, is ignored).
#[utoipa::path(post, path = "/api/v1/users/freelancer/languages", tag = "workup-users",
    security(("bearer" = [])), request_body = LanguageBody,
    responses((status = 200, body = Languages), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn add_language(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiJson(body): ApiJson<LanguageBody>,
) -> Result<Json<Languages>, ApiError> {
    require(&me, Role::Freelancer)?;
    let languages = state
        .accounts
        .add_label(me.user_id, LabelList::Languages, &body.language)
        .await?;
    Ok(Json(Languages { languages }))
}

/// Removes a language named in a JSON body `{"language": …}` or the query `?language=…`.
#[utoipa::path(delete, path = "/api/v1/users/freelancer/languages", tag = "workup-users",
    security(("bearer" = [])), params(LanguageBody),
    responses((status = 200, body = Languages), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem, description = "not on the list")))]
pub async fn remove_language(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiQuery(query): ApiQuery<LanguageQuery>,
    body: Bytes,
) -> Result<Json<Languages>, ApiError> {
    require(&me, Role::Freelancer)?;
    let query = query.language.map(|language| LanguageBody { language });
    let target: LanguageBody = body_or_query(&body, query, "language")?;
    let languages = state
        .accounts
        .remove_label(me.user_id, LabelList::Languages, &target.language)
        .await?;
    Ok(Json(Languages { languages }))
}
