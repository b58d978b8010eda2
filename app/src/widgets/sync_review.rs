//! On every screen: another browser's file in the sync folder that deletes or brings conflicts,
//! shown as an import's preview before it is merged (`state::sync`).

use leptos::prelude::*;

use crate::state::sync::{settle_review, use_sync};
use crate::widgets::merge_preview::MergePreviewView;

#[component]
pub(crate) fn SyncReview() -> impl IntoView {
    let sync = use_sync();
    move || {
        sync.review.get().map(|(path, preview)| {
            view! {
                <div class="sync-review" data-testid="sync-review">
                    <MergePreviewView what=format!("Merging {path} from the sync folder") preview=preview prefix="sync"
                        on_merge=Callback::new(move |()| settle_review(sync, true))
                        on_cancel=Callback::new(move |()| settle_review(sync, false)) />
                </div>
            }
        })
    }
}
