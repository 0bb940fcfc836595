//! The one error type of the API client: every failure, in the terms the citizen is told.

use yishi_contract::{Problem, codes};

use crate::i18n::Key;

/// Everything that can go wrong talking to the backend, in the terms the citizen is told.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an answer: offline, connection dropped, refused.
    Network,
    /// No answer within the configured time.
    Timeout,
    /// 401: not signed in, or the session expired.
    Unauthenticated,
    /// 404: no such thing, or not the citizen's.
    NotFound,
    /// 429 or 503: come back later (seconds, when the backend said).
    Busy { retry_after: Option<u32> },
    /// A problem+json the caller may inspect by `code` (409, 422, 403…). Boxed: errors travel
    /// through every `Result` and should stay small.
    Problem(Box<Problem>),
    /// A 5xx without anything more useful.
    Server(u16),
    /// The answer is not what the contract promises (bad JSON, HTML, wrong shape).
    Malformed,
}

impl ApiError {
    /// Whether the backend does not offer an optional capability at all (404 or 501 on its
    /// operation: messages, suggestions, licences, appointments), as opposed to a failure worth
    /// trying again.
    pub fn not_offered(&self) -> bool {
        match self {
            ApiError::NotFound => true,
            ApiError::Server(s) => yishi_core::inbox::not_offered(*s),
            ApiError::Problem(p) => yishi_core::inbox::not_offered(p.status),
            _ => false,
        }
    }

    /// Whether the session acts for a family member whose authorisation has ended (代办).
    pub fn acting_ended(&self) -> bool {
        matches!(self, ApiError::Problem(p) if p.code == codes::AUTHORISATION_ENDED)
    }

    /// The message the citizen sees.
    pub fn message(&self) -> Key {
        match self {
            ApiError::Network => Key::ErrorNetwork,
            ApiError::Timeout => Key::ErrorTimeout,
            ApiError::Unauthenticated => Key::ErrorUnauthenticated,
            ApiError::NotFound => Key::ErrorNotFound,
            ApiError::Busy { .. } => Key::ErrorBusy,
            ApiError::Problem(p) => match p.code.as_str() {
                codes::FORBIDDEN => Key::ErrorForbidden,
                codes::AUTHORISATION_ENDED => Key::ErrorActingEnded,
                codes::READ_ONLY => Key::ErrorReadOnly,
                codes::CONFLICT | codes::IN_FLIGHT => Key::ErrorConflict,
                codes::ILLEGAL_TRANSITION => Key::ErrorIllegalTransition,
                codes::VALIDATION | codes::IDEMPOTENCY_MISMATCH => Key::ErrorValidation,
                codes::INVALID_CODE => Key::SignInInvalidCode,
                codes::RATE_LIMITED => Key::ErrorBusy,
                "too_large" => Key::FormFileTooLarge,
                "unsupported_media_type" => Key::FormFileType,
                _ => Key::ErrorServer,
            },
            ApiError::Server(_) => Key::ErrorServer,
            ApiError::Malformed => Key::ErrorMalformed,
        }
    }

    /// Worth trying again automatically (reads) or offering a retry button.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::Network | ApiError::Timeout | ApiError::Busy { .. } | ApiError::Server(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use yishi_contract::{Problem, codes};

    use super::*;

    #[test]
    fn each_error_has_a_message_and_only_passing_ones_are_retried() {
        let problem = |code: &str| ApiError::Problem(Box::new(Problem::new(409, code, "t")));
        assert_eq!(problem(codes::CONFLICT).message(), Key::ErrorConflict);
        assert_eq!(problem(codes::IN_FLIGHT).message(), Key::ErrorConflict);
        assert_eq!(problem(codes::VALIDATION).message(), Key::ErrorValidation);
        assert_eq!(problem(codes::RATE_LIMITED).message(), Key::ErrorBusy);
        assert_eq!(problem("too_large").message(), Key::FormFileTooLarge);
        assert_eq!(problem("a_code_from_later").message(), Key::ErrorServer);
        assert_eq!(ApiError::Malformed.message(), Key::ErrorMalformed);
        let refused = |code: &str| ApiError::Problem(Box::new(Problem::new(403, code, "t")));
        assert_eq!(
            refused(codes::AUTHORISATION_ENDED).message(),
            Key::ErrorActingEnded
        );
        assert!(refused(codes::AUTHORISATION_ENDED).acting_ended());
        assert_eq!(refused(codes::READ_ONLY).message(), Key::ErrorReadOnly);
        assert!(!refused(codes::READ_ONLY).acting_ended());
        for transient in [
            ApiError::Network,
            ApiError::Timeout,
            ApiError::Busy { retry_after: None },
            ApiError::Server(502),
        ] {
            assert!(transient.is_transient(), "{transient:?}");
        }
        for final_answer in [
            ApiError::Unauthenticated,
            ApiError::NotFound,
            ApiError::Malformed,
            problem(codes::VALIDATION),
        ] {
            assert!(!final_answer.is_transient(), "{final_answer:?}");
        }
    }
}
