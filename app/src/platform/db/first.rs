//! Opening a large workspace: its first screen's incidents first, the rest after.
//!
//! `meta`'s `FIRST_SCREEN` keeps the ids of the incidents the first screen shows (the open ones
//! and the latest past ones), so that a large workspace opens with them before the rest is read
//! ([`Storage::load_first`]). A cache, not data: it is not exported, and a missing or
//! out-of-date list only means the first screen is complete a moment later, when every incident
//! has been read.

use idb::TransactionMode;
use incident_core::{Bundle, Incident, Settings, Timestamp};
use wasm_bindgen::JsValue;

use super::buckets;
use super::records::{
    all_json, check_version, decode_text, get_json, put_json, sort_for_screen, stored_sample,
    StorageError, ALL_STORES, DEVICE_ID, FIRST_SCREEN, INCIDENTS, MAINTENANCES, META, SETTINGS,
    TOMBSTONES,
};
use super::Storage;

/// Buckets read per batch by [`Storage::load_incidents`]: at 10,000 incidents some 300
/// incidents, decoded between two chances for the page to answer.
const BUCKETS_PER_READ: u32 = 8;

/// Every incident of the incidents store, each bucket read whole.
pub(super) async fn all_incidents(store: &idb::ObjectStore) -> Result<Vec<Incident>, StorageError> {
    let mut out = Vec::new();
    // Keys and values of one transaction: the same buckets, in key order.
    let keys = store.get_all_keys(None, None)?.await?;
    let values = store.get_all(None, None)?.await?;
    buckets::decode_all(&keys, values, &mut out)?;
    Ok(out)
}

impl Storage {
    /// Reads the stored workspace for opening, or `None` when nothing has been stored yet. A
    /// workspace with a list of its first screen's incidents stored (one of [`READ_WHOLE_BELOW`]
    /// incidents or more) is read without its other incidents: settings, maintenance and
    /// deletions whole, and only the incidents of that list. The flag says whether the workspace
    /// was read whole (if not, [`Storage::load_incidents`] reads the rest).
    pub async fn load_first(&self, now: Timestamp) -> Result<Option<(Bundle, bool)>, StorageError> {
        self.read(now, true).await
    }

    /// The stored workspace (`None` when nothing is stored), whole or, if `only_first` and it
    /// is large, with only its first screen's incidents; and whether it was read whole.
    pub(super) async fn read(
        &self,
        now: Timestamp,
        only_first: bool,
    ) -> Result<Option<(Bundle, bool)>, StorageError> {
        let tx = self
            .db
            .transaction(&ALL_STORES, TransactionMode::ReadOnly)?;
        let meta = tx.object_store(META)?;
        check_version(&meta).await?;
        let Some(settings) = get_json::<Settings>(&meta, SETTINGS).await? else {
            return Ok(None);
        };
        let device_id = get_json::<String>(&meta, DEVICE_ID)
            .await?
            .unwrap_or_default();
        let sample = stored_sample(&meta, &device_id).await?;
        let store = tx.object_store(INCIDENTS)?;
        // The list is kept only for a workspace of READ_WHOLE_BELOW incidents or more (none
        // is ever removed from the store).
        let first = if only_first {
            get_json::<Vec<String>>(&meta, FIRST_SCREEN).await?
        } else {
            None
        };
        let whole = first.is_none();
        let incidents: Vec<Incident> = match first {
            Some(ids) => {
                // The buckets that hold them, every request first, then their answers: one
                // round trip, not one per bucket. Only the listed incidents are decoded.
                let keys: std::collections::BTreeSet<String> =
                    ids.iter().map(|id| buckets::key_of(id)).collect();
                let requests = keys
                    .iter()
                    .map(|key| store.get(JsValue::from_str(key)))
                    .collect::<Result<Vec<_>, _>>()?;
                let mut held = std::collections::HashMap::new();
                for (key, request) in keys.iter().zip(requests) {
                    if let Some(value) = request.await? {
                        held.insert(key.as_str(), buckets::as_bucket(value, key)?);
                    }
                }
                let mut out = Vec::with_capacity(ids.len());
                for id in &ids {
                    let text = match held.get(buckets::key_of(id).as_str()) {
                        Some(bucket) => buckets::text(bucket, id)?,
                        None => None,
                    };
                    if let Some(text) = text {
                        out.push(decode_text(&text, id)?);
                    }
                }
                out
            }
            None => all_incidents(&store).await?,
        };
        let mut bundle = Bundle::new(settings, device_id, now);
        bundle.sample = sample;
        bundle.incidents = incidents;
        bundle.maintenances = all_json(&tx.object_store(MAINTENANCES)?).await?;
        bundle.tombstones = all_json(&tx.object_store(TOMBSTONES)?).await?;
        sort_for_screen(&mut bundle);
        Ok(Some((bundle, whole)))
    }

    /// Every stored incident, read [`BUCKETS_PER_READ`] buckets at a time, each batch in a short
    /// read-only transaction of its own that goes on after the last key read: a write (a declaration, a
    /// note, in this tab or another) waits for one batch at most, never for the whole read, and
    /// the page answers between batches. An incident stored meanwhile is read if its key comes
    /// after the last one read; otherwise the screen has it already (it was stored here, or the
    /// tab that stored it said so), and [`complete`](super::complete) merges the two copies.
    pub async fn load_incidents(&self) -> Result<Vec<Incident>, StorageError> {
        let mut out = Vec::new();
        let mut after: Option<JsValue> = None;
        loop {
            let tx = self
                .db
                .transaction(&[META, INCIDENTS], TransactionMode::ReadOnly)?;
            check_version(&tx.object_store(META)?).await?;
            let store = tx.object_store(INCIDENTS)?;
            let range = match &after {
                Some(key) => Some(idb::Query::KeyRange(idb::KeyRange::lower_bound(
                    key,
                    Some(true),
                )?)),
                None => None,
            };
            // Keys and values of one range in one transaction: the same buckets, in key order.
            let keys = store
                .get_all_keys(range.clone(), Some(BUCKETS_PER_READ))?
                .await?;
            let values = store.get_all(range, Some(BUCKETS_PER_READ))?.await?;
            buckets::decode_all(&keys, values, &mut out)?;
            if keys.len() < BUCKETS_PER_READ as usize {
                return Ok(out);
            }
            after = keys.last().cloned();
        }
    }

    /// Keeps `ids` (from [`first_screen`]) as the list of the first screen's incidents, for the
    /// next opening, with every stored id that `known` (the incidents the caller's list was made
    /// from) does not hold: one another tab added since is kept. Nothing is written when it is
    /// unchanged.
    pub async fn keep_first_screen(
        &self,
        ids: &[String],
        known: &std::collections::HashSet<String>,
    ) -> Result<(), StorageError> {
        let tx = self.write_tx(&[META]).await?;
        let meta = tx.object_store(META)?;
        let stored = get_json::<Vec<String>>(&meta, FIRST_SCREEN).await?;
        let mut keep = ids.to_vec();
        keep.extend(
            stored
                .iter()
                .flatten()
                .filter(|id| !known.contains(*id) && !ids.contains(id))
                .cloned(),
        );
        if stored.as_ref() != Some(&keep) {
            put_json(&meta, FIRST_SCREEN, &keep)?;
        }
        tx.commit()?.await?;
        Ok(())
    }
}
