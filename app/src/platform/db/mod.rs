//! The workspace in IndexedDB (through the `idb` crate): the only module that opens it. One database per workspace; a change
//! writes only what changed.
//!
//! Stores: `meta` (settings, device id, schema version, the first screen's ids), `maintenances` and `tombstones` (each value a
//! record's JSON text, under the record's key), and `incidents`, whose values are buckets of incidents' JSON texts (`buckets.rs`:
//! a few hundred values store and read much faster than ten thousand).

mod buckets;
mod first;
mod records;

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use incident_core::{
    Bundle, Incident, Maintenance, RecordKind, Settings, Timestamp, Tombstone, SCHEMA_VERSION,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use records::{
    add_to_first_screen, all_json, check_version, decode, decode_text, encode, get_json, put_json,
    put_text, read_batches, stored_sample, ALL_STORES, BATCH, DB_VERSION, DEVICE_ID, FIRST_SCREEN,
    INCIDENTS, MAINTENANCES, META, SAMPLE, SCHEMA, SETTINGS, TOMBSTONES,
};
pub use records::{
    complete, first_screen, sort_for_screen, StorageError, DEMO_DB, READ_WHOLE_BELOW, TEAM_DB,
};

/// An open workspace database.
#[derive(Debug)]
pub struct Storage {
    db: Database,
}

impl Storage {
    /// Opens (and on first use creates) the database `name`.
    pub async fn open(name: &str) -> Result<Storage, StorageError> {
        let factory = Factory::new().map_err(|_| {
            StorageError(
                "This browser offers no IndexedDB storage here (private browsing can turn it off), so the workspace cannot be kept."
                    .to_owned(),
            )
        })?;
        let mut request = factory.open(name, Some(DB_VERSION))?;
        request.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let existing = db.store_names();
            for store in ALL_STORES {
                if !existing.iter().any(|s| s == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await?;
        Ok(Storage { db })
    }

    /// Deletes the database `name` and everything in it (waits until no tab holds it open).
    pub async fn delete_database(name: &str) -> Result<(), StorageError> {
        let factory = Factory::new().map_err(|_| {
            StorageError("This browser offers no IndexedDB storage here.".to_owned())
        })?;
        factory.delete(name)?.await?;
        Ok(())
    }

    /// Replaces the whole stored workspace with `bundle`, in one transaction: either all of it is
    /// stored or nothing changes.
    pub async fn save_bundle(&self, bundle: &Bundle) -> Result<(), StorageError> {
        let tx = self.write_tx(&ALL_STORES).await?;
        for store in ALL_STORES {
            tx.object_store(store)?.clear()?;
        }
        let meta = tx.object_store(META)?;
        put_json(&meta, SETTINGS, &bundle.settings)?;
        put_json(&meta, DEVICE_ID, &bundle.device_id)?;
        put_json(&meta, SAMPLE, &bundle.sample)?;
        put_json(&meta, SCHEMA, &SCHEMA_VERSION)?;
        let mut filled = buckets::Fill::default();
        for i in &bundle.incidents {
            filled.add(&i.id, &encode(&i.id, i)?)?;
        }
        filled.put(&tx.object_store(INCIDENTS)?)?;
        let maintenances = tx.object_store(MAINTENANCES)?;
        for m in &bundle.maintenances {
            put_json(&maintenances, &m.id, m)?;
        }
        put_tombstones(&tx.object_store(TOMBSTONES)?, &bundle.tombstones)?;
        tx.commit()?.await?;
        Ok(())
    }

    /// Merges `bundle` (an import's result) into what is stored, in one transaction, and returns
    /// the workspace as stored afterwards (the `unchanged` incidents as given). Only records whose stored text changes are written.
    /// Whatever another tab stored since `bundle` was computed is merged in by the core merge,
    /// never overwritten, and a record only that tab has is kept. The workspace keeps its own
    /// device id.
    /// `unchanged`: incidents the caller holds as the import leaves them. Those stored are
    /// neither read nor written (what is stored for them stays as it is); one not stored (a
    /// write of the caller's that failed) is stored. All are returned as given.
    /// `progress` is told how many incidents (of both) are done, after each batch.
    pub async fn merge_in(
        &self,
        bundle: Bundle,
        unchanged: Vec<Incident>,
        progress: impl Fn(usize),
    ) -> Result<Bundle, StorageError> {
        let tx = self
            .db
            .transaction(&ALL_STORES, TransactionMode::ReadWrite)?;
        match merge_in_tx(&tx, bundle, unchanged, &progress).await {
            Ok(out) => {
                tx.commit()?.await?;
                Ok(out)
            }
            Err(e) => {
                // Without this, the writes issued so far would be committed when the
                // transaction ends: half an import stored while the screen says nothing changed.
                let _ = tx.abort();
                Err(e)
            }
        }
    }

    /// Stores a deletion (kept beside the others; nothing is removed).
    pub async fn put_tombstone(&self, tombstone: &Tombstone) -> Result<(), StorageError> {
        let tx = self.write_tx(&[META, TOMBSTONES]).await?;
        put_tombstones(
            &tx.object_store(TOMBSTONES)?,
            std::slice::from_ref(tombstone),
        )?;
        tx.commit()?.await?;
        Ok(())
    }

    /// Stores a change of one incident without overwriting anyone: if another tab stored a
    /// different version since, both are merged (the core merge) and the result is stored and
    /// returned. Read and write happen in one transaction.
    pub async fn put_incident_merged(&self, incident: &Incident) -> Result<Incident, StorageError> {
        let tx = self.write_tx(&[META, INCIDENTS]).await?;
        // An incident stored now (declared here, or edited) opens on the first screen.
        add_to_first_screen(&tx.object_store(META)?, &incident.id).await?;
        let store = tx.object_store(INCIDENTS)?;
        let key = buckets::key_of(&incident.id);
        let bucket = buckets::get(&store, &key).await?;
        let result = match buckets::text(&bucket, &incident.id)? {
            Some(text) => {
                let stored: Incident = decode_text(&text, &incident.id)?;
                if stored == *incident {
                    stored
                } else {
                    incident_core::merge::merge_incident_copies(&stored, incident)
                }
            }
            None => incident.clone(),
        };
        buckets::set(&bucket, &incident.id, &encode(&incident.id, &result)?)?;
        buckets::put(&store, &key, &bucket)?;
        tx.commit()?.await?;
        Ok(result)
    }

    /// Stores a maintenance window (new or changed) the same way.
    pub async fn put_maintenance_merged(
        &self,
        maintenance: &Maintenance,
    ) -> Result<Maintenance, StorageError> {
        self.put_record_merged(MAINTENANCES, &maintenance.id, maintenance, |a, b| {
            incident_core::merge::merge_maintenance_copies(a, b)
        })
        .await
    }

    /// Stores `record` under `id` in `store`, merged with the stored copy when that differs, in
    /// one transaction; returns what was stored.
    async fn put_record_merged<T>(
        &self,
        store: &str,
        id: &str,
        record: &T,
        merge: impl Fn(&T, &T) -> T,
    ) -> Result<T, StorageError>
    where
        T: serde::Serialize + DeserializeOwned + Clone + PartialEq,
    {
        let tx = self.write_tx(&[META, store]).await?;
        let records = tx.object_store(store)?;
        let result = match get_json::<T>(&records, id).await? {
            Some(stored) if stored != *record => merge(&stored, record),
            _ => record.clone(),
        };
        put_json(&records, id, &result)?;
        tx.commit()?.await?;
        Ok(result)
    }

    /// Stores changed settings without overwriting another tab's: merged (the core merge) with
    /// what is stored if that differs, in one transaction; returns what was stored.
    pub async fn put_settings_merged(&self, settings: &Settings) -> Result<Settings, StorageError> {
        let tx = self.write_tx(&[META]).await?;
        let store = tx.object_store(META)?;
        let stored = get_json::<Settings>(&store, SETTINGS).await?;
        let result = match stored {
            Some(stored) if stored != *settings => {
                incident_core::merge::merge_settings_copies(&stored, settings)
            }
            _ => settings.clone(),
        };
        put_json(&store, SETTINGS, &result)?;
        tx.commit()?.await?;
        Ok(result)
    }

    /// The stored settings.
    pub async fn get_settings(&self) -> Result<Option<Settings>, StorageError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        get_json::<Settings>(&tx.object_store(META)?, SETTINGS).await
    }

    /// One stored incident.
    pub async fn get_incident(&self, id: &str) -> Result<Option<Incident>, StorageError> {
        let tx = self
            .db
            .transaction(&[INCIDENTS], TransactionMode::ReadOnly)?;
        let bucket = buckets::get(&tx.object_store(INCIDENTS)?, &buckets::key_of(id)).await?;
        buckets::text(&bucket, id)?
            .map(|text| decode_text(&text, id))
            .transpose()
    }

    /// Reads the stored workspace, or `None` when nothing has been stored yet.
    pub async fn load_bundle(&self, now: Timestamp) -> Result<Option<Bundle>, StorageError> {
        Ok(self.read(now, false).await?.map(|(bundle, _)| bundle))
    }

    /// Brings a workspace stored by an earlier version up to this one's data format, in one
    /// transaction: all of it or nothing (nothing to do when there is no workspace yet, or it is
    /// current). Schema 1 to 2: the `sample` mark is written (a schema 1 workspace of a sample's
    /// device is the demo). Schema 2 to 3: each incident that had published keeps the title the
    /// public read as its public title (`validate::incident_from_v2`); the other new fields
    /// read as their defaults. Schema 3 to 4: the settings' uptime weights read as their default
    /// (what the site counted before); only the version is written. Schema 4 to 5: the status
    /// site's language reads as English (what it spoke before); only the version is written.
    /// Schema 5 to 6: the incidents, one record per id until then, are put in their buckets
    /// (`buckets.rs`), each text as it was. That step comes first, and takes a store already
    /// (or partly) in buckets as it is, so the schema 2 to 3 rewrite reads buckets whatever wrote
    /// the store.
    pub async fn migrate(&self) -> Result<(), StorageError> {
        let tx = self.write_tx(&ALL_STORES).await?;
        let meta = tx.object_store(META)?;
        let version = get_json::<u32>(&meta, SCHEMA).await?.unwrap_or(1);
        let stored = get_json::<Settings>(&meta, SETTINGS).await?.is_some();
        if stored && version < SCHEMA_VERSION {
            if version < 2 {
                let device_id = get_json::<String>(&meta, DEVICE_ID)
                    .await?
                    .unwrap_or_default();
                let sample = stored_sample(&meta, &device_id).await?;
                put_json(&meta, SAMPLE, &sample)?;
            }
            let store = tx.object_store(INCIDENTS)?;
            if version < 6 {
                buckets::into_buckets(&store).await?;
            }
            if version < 3 {
                let keys = store.get_all_keys(None, None)?.await?;
                let values = store.get_all(None, None)?.await?;
                for (key, value) in keys.iter().zip(values) {
                    let key = key.as_string().unwrap_or_default();
                    let bucket = buckets::as_bucket(value, &key)?;
                    let mut changed = false;
                    for (id, text) in buckets::entries(&bucket)? {
                        let mut incident: Incident = decode_text(&text, &id)?;
                        let before = incident.public_title.clone();
                        incident_core::validate::incident_from_v2(&mut incident);
                        if incident.public_title != before {
                            buckets::set(&bucket, &id, &encode(&id, &incident)?)?;
                            changed = true;
                        }
                    }
                    if changed {
                        buckets::put(&store, &key, &bucket)?;
                    }
                }
            }
            put_json(&meta, SCHEMA, &SCHEMA_VERSION)?;
        }
        tx.commit()?.await?;
        Ok(())
    }

    /// A read-write transaction over `stores` (which include `meta`) in which the stored data
    /// format has been checked: a page left open from before an update refuses to write into a
    /// workspace a newer version stored, whatever the write.
    async fn write_tx(&self, stores: &[&str]) -> Result<idb::Transaction, StorageError> {
        let tx = self.db.transaction(stores, TransactionMode::ReadWrite)?;
        if let Err(e) = check_version(&tx.object_store(META)?).await {
            let _ = tx.abort();
            return Err(e);
        }
        Ok(tx)
    }

    pub fn close(&self) {
        self.db.close();
    }
}

/// The body of [`Storage::merge_in`], in its transaction. `progress` is a `dyn`: one copy of
/// this (large) function in the wasm, not one per caller.
async fn merge_in_tx(
    tx: &idb::Transaction,
    bundle: Bundle,
    unchanged: Vec<Incident>,
    progress: &dyn Fn(usize),
) -> Result<Bundle, StorageError> {
    use incident_core::merge;
    let meta = tx.object_store(META)?;
    check_version(&meta).await?;
    let settings = match get_json::<Settings>(&meta, SETTINGS).await? {
        Some(stored) if stored == bundle.settings => stored,
        Some(stored) => {
            let merged = merge::merge_settings_copies(&stored, &bundle.settings);
            if merged != stored {
                put_json(&meta, SETTINGS, &merged)?;
            }
            merged
        }
        None => {
            put_json(&meta, SETTINGS, &bundle.settings)?;
            bundle.settings
        }
    };
    let device_id = match get_json::<String>(&meta, DEVICE_ID).await? {
        Some(id) => id,
        None => {
            put_json(&meta, DEVICE_ID, &bundle.device_id)?;
            bundle.device_id.clone()
        }
    };
    let sample = match get_json::<bool>(&meta, SAMPLE).await? {
        Some(sample) => sample,
        None => {
            put_json(&meta, SAMPLE, &bundle.sample)?;
            bundle.sample
        }
    };
    put_json(&meta, SCHEMA, &SCHEMA_VERSION)?;
    let incidents = buckets::merge_incidents(
        &tx.object_store(INCIDENTS)?,
        bundle.incidents,
        unchanged,
        progress,
    )
    .await?;
    let maintenances = merge_records(
        &tx.object_store(MAINTENANCES)?,
        bundle.maintenances,
        |m| &m.id,
        merge::merge_maintenance_copies,
        |_| {},
    )
    .await?;
    let store = tx.object_store(TOMBSTONES)?;
    let stored: Vec<Tombstone> = all_json(&store).await?;
    let tombstones = merge::merge_tombstone_lists(&stored, &bundle.tombstones);
    if tombstones != stored {
        store.clear()?;
        put_tombstones(&store, &tombstones)?;
    }
    let mut out = Bundle::new(settings, device_id, bundle.exported_at);
    out.sample = sample;
    out.incidents = incidents;
    out.maintenances = maintenances;
    out.tombstones = tombstones;
    sort_for_screen(&mut out);
    // The merged workspace's first screen (an incident declared elsewhere may be open).
    if let Some(ids) = first_screen(&out) {
        put_json(&meta, FIRST_SCREEN, &ids)?;
    }
    Ok(out)
}

/// Puts tombstones, each under a key made of what it says (kind, id, time, device), so storing
/// one again replaces it rather than adding a copy.
fn put_tombstones(store: &idb::ObjectStore, tombstones: &[Tombstone]) -> Result<(), StorageError> {
    for t in tombstones {
        put_json(store, &tombstone_key(t), t)?;
    }
    Ok(())
}

/// The key a tombstone is stored under: `Incident:<id>:<deleted_at>:<device>`.
pub fn tombstone_key(t: &Tombstone) -> String {
    format!(
        "{}:{}:{}:{}",
        kind_key(t.kind),
        t.id,
        t.deleted_at,
        t.device
    )
}

/// A record kind as spelled in stored tombstone keys. Written out, never derived from the
/// variant's name: a renamed variant must not change the keys of tombstones already stored
/// (storing one again would then add a copy instead of replacing it).
fn kind_key(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Incident => "Incident",
        RecordKind::Maintenance => "Maintenance",
        RecordKind::ActionItem => "ActionItem",
        RecordKind::Component => "Component",
        RecordKind::ComponentGroup => "ComponentGroup",
        RecordKind::Person => "Person",
        RecordKind::OncallSchedule => "OncallSchedule",
    }
}

/// Merges `records` into one store of records kept by id: a record not stored is written; one
/// stored with the same text is left alone; one stored differently is merged with the stored
/// copy (the core merge) and written if that changes it. Records only the store has are kept.
/// Returns every record of the store afterwards. Reads and writes go in batches; the
/// transaction stays open throughout because each batch starts when the previous one's last
/// request completes.
async fn merge_records<T>(
    store: &idb::ObjectStore,
    records: Vec<T>,
    id: impl Fn(&T) -> &str,
    merge: impl Fn(&T, &T) -> T,
    progress: impl Fn(usize),
) -> Result<Vec<T>, StorageError>
where
    T: serde::Serialize + DeserializeOwned + Clone + PartialEq,
{
    let mut stored: std::collections::HashMap<String, JsValue> = std::collections::HashMap::new();
    read_batches(store, |key, value| {
        stored.insert(key.to_owned(), value);
        Ok(())
    })
    .await?;
    let mut out = Vec::with_capacity(records.len().max(stored.len()));
    // The records are moved into what is returned, not copied.
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        // The batch's first write is awaited, not its last: the transaction is active again
        // once it is done (the only time more can be put), and the browser stores the rest of
        // the batch while the next one is encoded here.
        let mut first = None;
        for record in records.by_ref().take(BATCH) {
            let key = id(&record);
            let text = encode(key, &record)?;
            let result = match stored.remove(key) {
                Some(value) if value.as_string().as_deref() == Some(text.as_str()) => record,
                Some(value) => {
                    let old: T = decode(&value, key)?;
                    let merged = merge(&old, &record);
                    if merged != old {
                        first.get_or_insert(put_json(store, key, &merged)?);
                    }
                    merged
                }
                None => {
                    first.get_or_insert(put_text(store, key, &text)?);
                    record
                }
            };
            out.push(result);
        }
        if let Some(request) = first {
            request.await?;
        }
        progress(out.len());
    }
    for (key, value) in stored {
        out.push(decode(&value, &key)?);
    }
    Ok(out)
}
