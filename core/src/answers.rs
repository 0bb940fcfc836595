//! Answers in a link: the situational answers of a plan travel in the URL query (`a.<question
//! id>=<value>`), so a plan can be shared, bookmarked and reloaded. Values: yes/no as `yes`/`no`,
//! numbers in decimal, choices by their value. Anything that does not fit its question is
//! dropped, never guessed.

use yishi_contract::{AnswerValue, Question, QuestionKind};

use crate::conditions::{Answers, validate_answer};

/// The query-parameter prefix of an answer.
pub const PREFIX: &str = "a.";

/// Encodes one answer as a query value.
pub fn encode_value(value: &AnswerValue) -> String {
    match value {
        AnswerValue::Bool(true) => "yes".into(),
        AnswerValue::Bool(false) => "no".into(),
        AnswerValue::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }
        }
        AnswerValue::Choice(c) => c.clone(),
    }
}

/// Decodes a query value for `question`, or `None` when it does not fit.
pub fn decode_value(question: &Question, raw: &str) -> Option<AnswerValue> {
    let value = match &question.kind {
        QuestionKind::YesNo => match raw {
            "yes" => AnswerValue::Bool(true),
            "no" => AnswerValue::Bool(false),
            _ => return None,
        },
        QuestionKind::Number { .. } => {
            AnswerValue::Number(raw.trim().parse().ok().filter(|n: &f64| n.is_finite())?)
        }
        QuestionKind::SingleChoice { .. } => AnswerValue::Choice(raw.to_string()),
        QuestionKind::Unknown => return None,
    };
    validate_answer(question, &value).then_some(value)
}

/// The `(name, value)` query pairs for `answers`, in question order.
pub fn to_query(questions: &[Question], answers: &Answers) -> Vec<(String, String)> {
    questions
        .iter()
        .filter_map(|q| {
            answers
                .get(&q.id)
                .map(|v| (format!("{PREFIX}{}", q.id), encode_value(v)))
        })
        .collect()
}

/// The answers found in query pairs; unknown questions and ill-fitting values are dropped.
pub fn from_query<'a>(
    questions: &[Question],
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Answers {
    let mut answers = Answers::new();
    for (name, raw) in pairs {
        let Some(id) = name.strip_prefix(PREFIX) else {
            continue;
        };
        if let Some(q) = questions.iter().find(|q| q.id == id)
            && let Some(value) = decode_value(q, raw)
        {
            answers.insert(q.id.clone(), value);
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use yishi_contract::{Choice, Text};

    use super::*;

    fn question(id: &str, kind: QuestionKind) -> Question {
        Question {
            id: id.into(),
            text: Text::zh(id),
            help: None,
            kind,
            shown_when: None,
        }
    }

    fn questions() -> Vec<Question> {
        vec![
            question("married", QuestionKind::YesNo),
            question(
                "hukou",
                QuestionKind::SingleChoice {
                    options: vec![
                        Choice {
                            value: "father".into(),
                            label: Text::zh("随父"),
                        },
                        Choice {
                            value: "mother".into(),
                            label: Text::zh("随母"),
                        },
                    ],
                },
            ),
            question(
                "babies",
                QuestionKind::Number {
                    min: Some(1.0),
                    max: Some(4.0),
                    unit: None,
                },
            ),
        ]
    }

    #[test]
    fn round_trips_every_kind() {
        let qs = questions();
        let mut answers = Answers::new();
        answers.insert("married".into(), AnswerValue::Bool(false));
        answers.insert("hukou".into(), AnswerValue::Choice("mother".into()));
        answers.insert("babies".into(), AnswerValue::Number(2.0));
        let query = to_query(&qs, &answers);
        assert_eq!(
            query,
            vec![
                ("a.married".to_string(), "no".to_string()),
                ("a.hukou".to_string(), "mother".to_string()),
                ("a.babies".to_string(), "2".to_string()),
            ]
        );
        let back = from_query(&qs, query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, answers);
    }

    #[test]
    fn drops_what_does_not_fit() {
        let qs = questions();
        let pairs = [
            ("a.married", "maybe"),
            ("a.hukou", "grandma"),
            ("a.babies", "9"),
            ("a.unknown", "yes"),
            ("q", "x"),
            ("a.babies", "NaN"),
        ];
        assert!(from_query(&qs, pairs).is_empty());
    }

    #[test]
    fn later_values_win_and_fractions_survive() {
        let mut qs = questions();
        qs[2].kind = QuestionKind::Number {
            min: None,
            max: None,
            unit: None,
        };
        let answers = from_query(&qs, [("a.babies", "1"), ("a.babies", "2.5")]);
        assert_eq!(answers.get("babies"), Some(&AnswerValue::Number(2.5)));
        assert_eq!(encode_value(&AnswerValue::Number(2.5)), "2.5");
    }
}
