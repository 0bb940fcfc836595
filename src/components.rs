//! Components shared by several pages. Page-private pieces stay in the page's own file.

pub mod book_action;
pub mod consent;
pub mod deadline;
pub mod feedback;
pub mod hand_over;
pub mod held_licence;
pub mod icon;
pub mod office;
pub mod outbox_lines;
pub mod query_code;
pub mod rating_summary;
pub mod refresh;
pub mod require_sign_in;
pub mod search_box;
pub mod states;
pub mod timeline;
