//! Folders of this computer, through the File System Access API (Chromium-based browsers): a
//! folder the person chose, remembered across visits, read and written file by file.
//!
//! A chosen folder's handle is kept in this browser's own IndexedDB database `cygni-folders`
//! (store `handles`, one handle per key), not in the workspace: which folder a browser writes to
//! is that browser's choice, like its alarm settings. `showDirectoryPicker`,
//! `queryPermission` and `requestPermission` are not in web-sys's stable API and are called by
//! name.

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::FileSystemDirectoryHandle as Dir;

const FOLDERS_DB: &str = "cygni-folders";
const STORE: &str = "handles";

/// Why a folder could not be used, in words.
fn said(what: &str, e: JsValue) -> String {
    let why = Reflect::get(&e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    format!("{what}: {why}")
}

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_owned())
}

/// Whether this browser can write into a folder the person chooses.
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| {
        Reflect::get(&w, &JsValue::from_str("showDirectoryPicker")).is_ok_and(|f| f.is_function())
    })
}

async fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(target, &JsValue::from_str(method))?.dyn_into()?;
    let promise: js_sys::Promise = f.call1(target, arg)?.dyn_into()?;
    JsFuture::from(promise).await
}

/// Whether `v` is a folder's handle, by its `kind` (handles are used through their methods, so a
/// test can give the page a folder of the disk with the same interface).
fn is_folder(v: &JsValue) -> bool {
    Reflect::get(v, &"kind".into())
        .ok()
        .and_then(|k| k.as_string())
        .as_deref()
        == Some("directory")
}

/// Asks the person to choose a folder to write into; `None` when they cancelled. `purpose`
/// names the picker (`cygni-publish`, `cygni-sync`), so each opens where it was last used.
pub async fn pick(purpose: &str) -> Result<Option<Dir>, String> {
    let opts = js_sys::Object::new();
    let _ = Reflect::set(&opts, &"mode".into(), &"readwrite".into());
    let _ = Reflect::set(&opts, &"id".into(), &purpose.into());
    match call(&window()?.into(), "showDirectoryPicker", &opts).await {
        Ok(dir) if is_folder(&dir) => Ok(Some(dir.unchecked_into())),
        Ok(_) => Err("the browser gave something other than a folder".to_owned()),
        Err(e) => {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string());
            if name.as_deref() == Some("AbortError") {
                Ok(None)
            } else {
                Err(said("The folder could not be chosen", e))
            }
        }
    }
}

/// Whether this page may write into `dir`; when it may not yet and `ask`, the browser asks the
/// person (only from a click).
pub async fn permitted(dir: &Dir, ask: bool) -> Result<bool, String> {
    let opts = js_sys::Object::new();
    let _ = Reflect::set(&opts, &"mode".into(), &"readwrite".into());
    let granted = |v: JsValue| v.as_string().as_deref() == Some("granted");
    // A folder of the origin's private file system has no permission methods: it is always ours.
    if !Reflect::get(dir, &"queryPermission".into()).is_ok_and(|f| f.is_function()) {
        return Ok(true);
    }
    let now = call(dir, "queryPermission", &opts)
        .await
        .map_err(|e| said("The folder's permission could not be read", e))?;
    if granted(now) {
        return Ok(true);
    }
    if !ask {
        return Ok(false);
    }
    let answer = call(dir, "requestPermission", &opts)
        .await
        .map_err(|e| said("The browser did not ask for the folder", e))?;
    Ok(granted(answer))
}

async fn open_db() -> Result<idb::Database, String> {
    let factory = Factory::new().map_err(|e| format!("no IndexedDB here: {e}"))?;
    let mut request = factory
        .open(FOLDERS_DB, Some(1))
        .map_err(|e| format!("the folders database could not open: {e}"))?;
    request.on_upgrade_needed(|event| {
        if let Ok(db) = event.database() {
            if !db.store_names().iter().any(|s| s == STORE) {
                let _ = db.create_object_store(STORE, ObjectStoreParams::new());
            }
        }
    });
    request
        .await
        .map_err(|e| format!("the folders database could not open: {e}"))
}

/// Keeps `dir` under `key`, for the next visit.
pub async fn remember(key: &str, dir: &Dir) -> Result<(), String> {
    let db = open_db().await?;
    let fail = |e: idb::Error| format!("the folder could not be remembered: {e}");
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(fail)?;
    let store = tx.object_store(STORE).map_err(fail)?;
    store
        .put(dir, Some(&JsValue::from_str(key)))
        .map_err(fail)?
        .await
        .map_err(fail)?;
    tx.commit().map_err(fail)?.await.map_err(fail)?;
    db.close();
    Ok(())
}

/// The folder kept under `key`, if any.
pub async fn remembered(key: &str) -> Result<Option<Dir>, String> {
    let db = open_db().await?;
    let fail = |e: idb::Error| format!("the remembered folder could not be read: {e}");
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(fail)?;
    let value = tx
        .object_store(STORE)
        .map_err(fail)?
        .get(JsValue::from_str(key))
        .map_err(fail)?
        .await
        .map_err(fail)?;
    db.close();
    Ok(value.and_then(|v| v.dyn_into::<Dir>().ok()))
}

/// Forgets the folder kept under `key` (the folder and its files stay as they are).
pub async fn forget(key: &str) -> Result<(), String> {
    let db = open_db().await?;
    let fail = |e: idb::Error| format!("the folder could not be forgotten: {e}");
    let tx = db
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(fail)?;
    tx.object_store(STORE)
        .map_err(fail)?
        .delete(JsValue::from_str(key))
        .map_err(fail)?
        .await
        .map_err(fail)?;
    tx.commit().map_err(fail)?.await.map_err(fail)?;
    db.close();
    Ok(())
}

/// The folder's name, as the person knows it.
pub fn name(dir: &Dir) -> String {
    dir.name()
}

/// The folder `path` names under `root` (`a/b`), made when `create` and missing.
async fn subfolder(root: &Dir, path: &[&str], create: bool) -> Result<Dir, JsValue> {
    let mut dir = root.clone();
    for part in path {
        let opts = web_sys::FileSystemGetDirectoryOptions::new();
        opts.set_create(create);
        dir = JsFuture::from(dir.get_directory_handle_with_options(part, &opts))
            .await?
            .unchecked_into();
    }
    Ok(dir)
}

/// Writes `bytes` as the file at `path` (`/`-separated) under `root`, making folders on the way.
pub async fn write(root: &Dir, path: &str, bytes: &[u8]) -> Result<(), String> {
    // A copy the browser owns: the stream reads it later, when this memory may have moved.
    let copy = js_sys::Uint8Array::from(bytes);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&copy))
        .map_err(|e| said(&format!("{path} could not be written"), e))?;
    write_blob(root, path, &blob).await
}

/// Writes `blob` as the file at `path` (`/`-separated) under `root`, making folders on the way.
/// The browser writes into a temporary file beside it (`<name>.crswap` in Chromium) and renames
/// it into place when the stream is closed, so a reader never finds the file half-written.
pub async fn write_blob(root: &Dir, path: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let inner = async {
        let parts: Vec<&str> = path.split('/').collect();
        let (name, folders) = parts.split_last().unwrap_or((&path, &[]));
        let dir = subfolder(root, folders, true).await?;
        let opts = web_sys::FileSystemGetFileOptions::new();
        opts.set_create(true);
        let file: web_sys::FileSystemFileHandle =
            JsFuture::from(dir.get_file_handle_with_options(name, &opts))
                .await?
                .unchecked_into();
        let stream: web_sys::FileSystemWritableFileStream = JsFuture::from(file.create_writable())
            .await?
            .unchecked_into();
        JsFuture::from(stream.write_with_blob(blob)?).await?;
        JsFuture::from(stream.close()).await?;
        Ok::<(), JsValue>(())
    };
    inner
        .await
        .map_err(|e| said(&format!("{path} could not be written"), e))
}

/// The text of the file `path` under `root`; `None` when there is none.
pub async fn read(root: &Dir, path: &str) -> Result<Option<Vec<u8>>, String> {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, folders) = parts.split_last().unwrap_or((&path, &[]));
    let Ok(dir) = subfolder(root, folders, false).await else {
        return Ok(None);
    };
    let Ok(file) = JsFuture::from(dir.get_file_handle(name)).await else {
        return Ok(None);
    };
    let inner = async {
        let file: web_sys::FileSystemFileHandle = file.unchecked_into();
        let blob: web_sys::File = JsFuture::from(file.get_file()).await?.dyn_into()?;
        let buffer = JsFuture::from(blob.array_buffer()).await?;
        Ok::<Vec<u8>, JsValue>(js_sys::Uint8Array::new(&buffer).to_vec())
    };
    inner
        .await
        .map(Some)
        .map_err(|e| said(&format!("{path} could not be read"), e))
}

/// Every file under `root`, by its `/`-separated path, and every folder (ending in `/`).
pub async fn list(root: &Dir) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut pending = vec![(String::new(), root.clone())];
    while let Some((prefix, dir)) = pending.pop() {
        let entries = dir.values();
        loop {
            let next = JsFuture::from(
                entries
                    .next()
                    .map_err(|e| said("The folder could not be listed", e))?,
            )
            .await
            .map_err(|e| said("The folder could not be listed", e))?;
            let next: js_sys::IteratorNext = next.unchecked_into();
            if next.done() {
                break;
            }
            let handle: web_sys::FileSystemHandle = next.value().unchecked_into();
            let path = format!("{prefix}{}", handle.name());
            if handle.kind() == web_sys::FileSystemHandleKind::Directory {
                out.push(format!("{path}/"));
                pending.push((format!("{path}/"), handle.unchecked_into()));
            } else {
                out.push(path);
            }
        }
    }
    incident_core::sort::ascending(&mut out);
    Ok(out)
}

/// Removes the file or folder (with what it holds) at `path` under `root`.
pub async fn remove(root: &Dir, path: &str) -> Result<(), String> {
    let path = path.trim_end_matches('/');
    let parts: Vec<&str> = path.split('/').collect();
    let (name, folders) = parts.split_last().unwrap_or((&path, &[]));
    let inner = async {
        let dir = subfolder(root, folders, false).await?;
        let opts = web_sys::FileSystemRemoveOptions::new();
        opts.set_recursive(true);
        JsFuture::from(dir.remove_entry_with_options(name, &opts)).await?;
        Ok::<(), JsValue>(())
    };
    inner
        .await
        .map_err(|e| said(&format!("{path} could not be removed"), e))
}

/// A file's name, when it was last changed (milliseconds since the epoch) and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct FileInfo {
    pub name: String,
    pub modified: f64,
    pub size: f64,
}

/// The files directly in the folder `path` under `root` (none when it does not exist).
pub async fn files_in(root: &Dir, path: &str) -> Result<Vec<FileInfo>, String> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let Ok(dir) = subfolder(root, &parts, false).await else {
        return Ok(Vec::new());
    };
    let fail = |e| said(&format!("The folder {path} could not be listed"), e);
    let entries = dir.values();
    let mut out = Vec::new();
    loop {
        let next = JsFuture::from(entries.next().map_err(fail)?)
            .await
            .map_err(fail)?;
        let next: js_sys::IteratorNext = next.unchecked_into();
        if next.done() {
            break;
        }
        let handle: web_sys::FileSystemHandle = next.value().unchecked_into();
        if handle.kind() != web_sys::FileSystemHandleKind::File {
            continue;
        }
        let file: web_sys::FileSystemFileHandle = handle.unchecked_into();
        let Ok(blob) = JsFuture::from(file.get_file()).await else {
            continue; // gone since it was listed
        };
        let blob: web_sys::File = blob.unchecked_into();
        out.push(FileInfo {
            name: blob.name(),
            modified: blob.last_modified(),
            size: blob.size(),
        });
    }
    incident_core::sort::by(&mut out, |a, b| a.name.cmp(&b.name));
    Ok(out)
}
