//! 下一步: what the reference backend suggests a subject does next. When the office closes a
//! life event's case, the events the catalogue names as its usual successors
//! (`EventCard.next_event_ids`) and the benefits the event grants without an application
//! (免申即享) are offered to the case's subject. Each topic is offered to a subject once: a
//! dismissed suggestion never comes back. Personal: only its subject lists or dismisses it.

use rusqlite::{Connection, OptionalExtension, params};
use yishi_contract::{
    Benefit, Date, OpenEnum, Stage, Suggestion, SuggestionKind, SuggestionList, Text, Timestamp,
};

use crate::auth::new_id;
use crate::cases::CaseRow;
use crate::catalogue::Catalogue;
use crate::error::{ApiError, ApiResult};

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("contract types always serialise")
}

/// A suggestion about to be offered.
pub struct NewSuggestion<'a> {
    pub owner: &'a str,
    pub kind: SuggestionKind,
    /// What it is about (`event:school-enrolment`, `benefit:childcare-subsidy`): a subject is
    /// offered each topic once.
    pub topic: String,
    pub title: Text,
    pub reason: Text,
    pub event_id: Option<&'a str>,
    pub matter_id: Option<&'a str>,
    pub benefit: Option<Benefit>,
}

/// Offers `s` unless its subject was offered the topic before (shown or dismissed): true when
/// it is new.
pub fn offer(conn: &Connection, s: &NewSuggestion<'_>, now: Timestamp) -> ApiResult<bool> {
    let added = conn.execute(
        "INSERT OR IGNORE INTO suggestions (id, owner, kind, topic, title_json, reason_json,
           event_id, matter_id, benefit_json, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            new_id("s"),
            s.owner,
            s.kind.as_str(),
            s.topic,
            to_json(&s.title),
            to_json(&s.reason),
            s.event_id,
            s.matter_id,
            s.benefit.as_ref().map(to_json),
            now.0,
        ],
    )?;
    Ok(added == 1)
}

/// The subject's suggestions not dismissed, newest first.
pub fn list(conn: &Connection, owner: &str) -> ApiResult<SuggestionList> {
    let mut stmt = conn.prepare(
        "SELECT id, kind, title_json, reason_json, event_id, matter_id, benefit_json, created_at
         FROM suggestions WHERE owner = ?1 AND dismissed_at IS NULL ORDER BY seq DESC",
    )?;
    let rows = stmt.query_map(params![owner], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (id, kind, title, reason, event_id, matter_id, benefit, created_at) = row?;
        let bad = |what: &str| ApiError::internal(format!("suggestion {id}: bad {what}"));
        items.push(Suggestion {
            kind: SuggestionKind::parse(&kind),
            title: serde_json::from_str(&title).map_err(|_| bad("title"))?,
            reason: serde_json::from_str(&reason).map_err(|_| bad("reason"))?,
            event_id,
            matter_id,
            benefit: benefit
                .map(|b| serde_json::from_str(&b).map_err(|_| bad("benefit")))
                .transpose()?,
            created_at: Timestamp(created_at),
            id,
        });
    }
    Ok(SuggestionList { items })
}

/// Dismisses one of the subject's suggestions; again is the same. Another's is 404.
pub fn dismiss(conn: &Connection, owner: &str, id: &str, now: Timestamp) -> ApiResult<()> {
    let found: Option<i64> = conn
        .query_row(
            "SELECT seq FROM suggestions WHERE id = ?1 AND owner = ?2",
            params![id, owner],
            |r| r.get(0),
        )
        .optional()?;
    let seq = found.ok_or_else(ApiError::not_found)?;
    conn.execute(
        "UPDATE suggestions SET dismissed_at = coalesce(dismissed_at, ?1) WHERE seq = ?2",
        params![now.0, seq],
    )?;
    Ok(())
}

/// What follows a life event's case the office has just closed: its usual successors from the
/// catalogue and the benefits it grants (免申即享). Nothing for other cases or stages.
pub fn after_case(
    conn: &Connection,
    catalogue: &Catalogue,
    case: &CaseRow,
    now: Timestamp,
) -> ApiResult<()> {
    if case.stage != Stage::Closed {
        return Ok(());
    }
    let Some(event) = case
        .event_id
        .as_deref()
        .and_then(|id| catalogue.events.get(id))
    else {
        return Ok(());
    };
    let name = &event.card.name;
    let reason = Text::new(
        format!("您的“{}”已办结，很多人接下来会办这件事", name.zh),
        format!(
            "Your “{}” case is closed; many people do this next",
            name.en.as_deref().unwrap_or(&name.zh)
        ),
    );
    for next in &event.card.next_event_ids {
        let Some(next_event) = catalogue.events.get(next) else {
            continue;
        };
        offer(
            conn,
            &NewSuggestion {
                owner: &case.owner,
                kind: SuggestionKind::Event,
                topic: format!("event:{next}"),
                title: next_event.card.name.clone(),
                reason: reason.clone(),
                event_id: Some(next),
                matter_id: None,
                benefit: None,
            },
            now,
        )?;
    }
    for b in benefits_after(&event.card.id, now.china_date()) {
        offer(conn, &b.for_owner(&case.owner), now)?;
    }
    Ok(())
}

/// A benefit granted without an application after a life event.
pub struct GrantedBenefit {
    pub topic: &'static str,
    pub title: Text,
    pub reason: Text,
    pub benefit: Benefit,
}

impl GrantedBenefit {
    pub fn for_owner<'a>(&self, owner: &'a str) -> NewSuggestion<'a> {
        NewSuggestion {
            owner,
            kind: SuggestionKind::Benefit,
            topic: format!("benefit:{}", self.topic),
            title: self.title.clone(),
            reason: self.reason.clone(),
            event_id: None,
            matter_id: None,
            benefit: Some(self.benefit.clone()),
        }
    }
}

/// The benefits the reference city grants without an application after an event: after a
/// birth, the national childcare subsidy (育儿补贴, 3,600 yuan a year for a child under three,
/// from 2025), paid from the first day of the next month.
pub fn benefits_after(event_id: &str, today: Date) -> Vec<GrantedBenefit> {
    match event_id {
        "newborn" => vec![GrantedBenefit {
            topic: "childcare-subsidy",
            title: Text::new("育儿补贴", "Childcare subsidy"),
            reason: Text::new(
                "您的孩子已完成出生登记，符合条件，无需申请",
                "Your child's birth is registered and qualifies; no application needed",
            ),
            benefit: Benefit {
                amount: Some(Text::new(
                    "每年 3600 元，至孩子满 3 周岁",
                    "CNY 3,600 a year until the child turns 3",
                )),
                starts_on: Some(first_of_next_month(today)),
                how: Text::new(
                    "按季度发放到您的社会保障卡金融账户",
                    "Paid quarterly into your social security card's bank account",
                ),
            },
        }],
        _ => Vec::new(),
    }
}

fn first_of_next_month(d: Date) -> Date {
    if d.month >= 12 {
        Date {
            year: d.year + 1,
            month: 1,
            day: 1,
        }
    } else {
        Date {
            year: d.year,
            month: d.month + 1,
            day: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_month_starts_on_its_first_day() {
        let d = |year, month, day| Date { year, month, day };
        assert_eq!(first_of_next_month(d(2026, 3, 15)), d(2026, 4, 1));
        assert_eq!(first_of_next_month(d(2026, 12, 31)), d(2027, 1, 1));
    }
}
