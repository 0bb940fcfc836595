//! The one way to collect field errors (the `errors` of a 422 `validation` problem), on both
//! sides: core's validations return [`FieldErrors`], the server turns them into its 422, the app
//! shows them beside their fields.

use yishi_contract::FieldError;

/// The problems found with a request body so far, each a JSON Pointer (RFC 6901) into the body
/// and a code from [`yishi_contract::field_codes`], in the order they were found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records that the value at `pointer` fails with `code`.
    pub fn add(&mut self, pointer: impl Into<String>, code: &str) {
        self.0.push(FieldError {
            pointer: pointer.into(),
            code: code.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }

    /// `Ok` when nothing was found, so that `errors.into_result()?` refuses the request.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

impl Extend<FieldError> for FieldErrors {
    fn extend<I: IntoIterator<Item = FieldError>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

impl FromIterator<FieldError> for FieldErrors {
    fn from_iter<I: IntoIterator<Item = FieldError>>(iter: I) -> FieldErrors {
        FieldErrors(iter.into_iter().collect())
    }
}

impl IntoIterator for FieldErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a FieldErrors {
    type Item = &'a FieldError;
    type IntoIter = std::slice::Iter<'a, FieldError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<FieldErrors> for Vec<FieldError> {
    fn from(e: FieldErrors) -> Vec<FieldError> {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use yishi_contract::field_codes;

    use super::*;

    #[test]
    fn collects_in_order_and_refuses_only_when_something_was_found() {
        let mut e = FieldErrors::new();
        assert_eq!(e.clone().into_result(), Ok(()));
        e.add("/text", field_codes::REQUIRED);
        e.add(format!("/reasons/{}", 2), field_codes::INVALID);
        assert_eq!(e.len(), 2);
        let pairs: Vec<(&str, &str)> = e
            .iter()
            .map(|f| (f.pointer.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(pairs, [("/text", "required"), ("/reasons/2", "invalid")]);
        assert_eq!(e.clone().into_result(), Err(e));
    }
}
