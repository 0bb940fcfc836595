use serde::{Deserialize, Serialize};

/// One page of a list that can grow. Pass `next_cursor` back as `?cursor=` for the next page;
/// it is opaque and absent on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, yishi_json::FromJson)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}
