//! View pieces shared by screens: form fields, the command bar, who-am-I, the public preview
//! frame, an action item's row, conflicts in words, the publish check's question. A widget reads state and calls `state` to write; it never
//! imports a screen.

pub(crate) mod action_item;
pub(crate) mod alarm_bell;
pub(crate) mod command_bar;
pub(crate) mod conflicts;
pub(crate) mod export;
pub(crate) mod fields;
pub(crate) mod merge_preview;
pub(crate) mod preview_frame;
pub(crate) mod publish_check;
pub(crate) mod sync_review;
pub(crate) mod who_am_i;
