//! The site worker (the `site-worker` crate, the app's second wasm module): a Web Worker that
//! renders the live preview and builds the site to publish, so the page's thread never waits
//! for a render. Started on first use, from the files `scripts/name-worker.sh` named in the page
//! (`<meta name="cygni-site-worker">`; the service worker keeps them for offline use). Requests
//! are JSON text; each reply comes to the listener of its request, with the bytes sent beside
//! it (a zip, the site's files). If the worker stops, every waiting listener is told so and the
//! next request starts a new one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use incident_core::Bundle;
use site_worker::protocol::{Reply, Request};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

/// A reply, with the bytes sent beside it.
pub type Answer = (Reply, Option<js_sys::Uint8Array>);

/// A listener of one request's replies.
pub type Listener = Box<dyn FnMut(Reply, Option<js_sys::Uint8Array>)>;

struct Running {
    worker: Worker,
    /// Whether the worker said it reads requests; until then they wait here.
    ready: bool,
    waiting: Vec<String>,
    listeners: HashMap<u64, Listener>,
    /// What the part this worker holds was cut from ([`send_part`]).
    part: Option<String>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    static NEXT_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
}

/// A new request id.
pub fn next_id() -> u64 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

/// The worker's loader, as the page names it.
fn loader() -> Result<String, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=cygni-site-worker]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .ok_or_else(|| {
            "This page has no site worker (it renders the preview and the published site): reload it."
                .to_owned()
        })
}

fn start() -> Result<Running, String> {
    let worker =
        Worker::new(&loader()?).map_err(|e| format!("The site worker could not start: {e:?}"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let data = event.data();
        let json = js_sys::Reflect::get(&data, &"json".into())
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        let bytes = js_sys::Reflect::get(&data, &"bytes".into())
            .ok()
            .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok());
        match serde_json::from_str::<Reply>(&json) {
            Ok(reply) => deliver(reply, bytes),
            Err(e) => stopped(&format!("it sent what this page cannot read ({e})")),
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|event: ErrorEvent| {
        event.prevent_default();
        stopped(&event.message());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Running {
        worker,
        ready: false,
        waiting: Vec::new(),
        listeners: HashMap::new(),
        part: None,
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// Hands `reply` to its request's listener (taken out while it runs: it may send again).
fn deliver(reply: Reply, bytes: Option<js_sys::Uint8Array>) {
    let Some(id) = reply.id() else {
        // Ready: what waited is sent now.
        RUNNING.with(|r| {
            if let Some(running) = r.borrow_mut().as_mut() {
                running.ready = true;
                for text in running.waiting.drain(..) {
                    let _ = running.worker.post_message(&text.into());
                }
            }
        });
        return;
    };
    if let (0, Reply::Failed { error, .. }) = (id, &reply) {
        // A request it could not read: it cannot say whose, so every waiting one is told.
        return stopped(error);
    }
    let last = reply.is_last();
    let listener = RUNNING.with(|r| {
        r.borrow_mut()
            .as_mut()
            .and_then(|running| running.listeners.remove(&id))
    });
    if let Some(mut listener) = listener {
        listener(reply, bytes);
        if !last {
            RUNNING.with(|r| {
                if let Some(running) = r.borrow_mut().as_mut() {
                    running.listeners.insert(id, listener);
                }
            });
        }
    }
}

/// The worker stopped (it failed, or sent nonsense): every waiting request is told, and the
/// next one starts it again.
fn stopped(why: &str) {
    let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) else {
        return;
    };
    running.worker.terminate();
    let error = format!("The site worker stopped: {why}. Try again.");
    for (id, mut listener) in running.listeners {
        listener(
            Reply::Failed {
                id,
                error: error.clone(),
            },
            None,
        );
    }
}

/// Starts the worker if it is not running, so that a preview about to be asked for does not
/// wait for it to load (a failure is met again, and reported, by the first request).
pub fn warm() {
    RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            *r = start().ok();
        }
    });
}

/// Stops the worker when no request waits for it, giving back its memory (a publish of a large
/// workspace grows it by hundreds of megabytes, which a wasm module keeps until it ends). The
/// next request starts a new one.
pub fn rest() {
    let idle = RUNNING.with(|r| {
        r.borrow()
            .as_ref()
            .is_some_and(|running| running.listeners.is_empty() && running.waiting.is_empty())
    });
    if idle {
        if let Some(running) = RUNNING.with(|r| r.borrow_mut().take()) {
            running.worker.terminate();
        }
    }
}

/// Sends `request`; the replies to request `id` (if it has one) go to `listener`.
pub fn send(request: &Request, listen: Option<(u64, Listener)>) -> Result<(), String> {
    let text = serde_json::to_string(request)
        .map_err(|e| format!("the request could not be written: {e}"))?;
    RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            *r = Some(start()?);
        }
        let Some(running) = r.as_mut() else {
            return Err("the site worker is not running".to_owned());
        };
        if let Some((id, listener)) = listen {
            running.listeners.insert(id, listener);
        }
        if running.ready {
            running
                .worker
                .post_message(&text.into())
                .map_err(|e| format!("the site worker was not reached: {e:?}"))
        } else {
            running.waiting.push(text);
            Ok(())
        }
    })
}

/// Sends the part of the workspace the next previews read, made by `cut`, unless the worker
/// holds the one cut from `key` already (a new worker holds none).
pub fn send_part(key: &str, cut: impl FnOnce() -> Bundle) -> Result<(), String> {
    let held = RUNNING.with(|r| {
        r.borrow()
            .as_ref()
            .is_some_and(|running| running.part.as_deref() == Some(key))
    });
    if held {
        return Ok(());
    }
    send(&Request::Part { part: cut() }, None)?;
    RUNNING.with(|r| {
        if let Some(running) = r.borrow_mut().as_mut() {
            running.part = Some(key.to_owned());
        }
    });
    Ok(())
}

/// Stops listening to request `id` (its answer, if any, is dropped).
pub fn forget(id: u64) {
    RUNNING.with(|r| {
        if let Some(running) = r.borrow_mut().as_mut() {
            running.listeners.remove(&id);
        }
    });
}

/// Sends `request` (of id `id`) and waits for its last reply; `each` sees every reply before
/// it (progress, files).
pub async fn ask(
    request: &Request,
    id: u64,
    mut each: impl FnMut(&Reply, Option<&js_sys::Uint8Array>) + 'static,
) -> Result<Answer, String> {
    let result: Rc<RefCell<Option<Answer>>> = Rc::default();
    let mut resolve_slot = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_slot = Some(resolve));
    let store = result.clone();
    let listener: Listener = Box::new(move |reply, bytes| {
        if reply.is_last() {
            *store.borrow_mut() = Some((reply, bytes));
            if let Some(resolve) = &resolve_slot {
                let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
            }
        } else {
            each(&reply, bytes.as_ref());
        }
    });
    send(request, Some((id, listener)))?;
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let got = result.borrow_mut().take();
    got.ok_or_else(|| "the site worker gave no answer".to_owned())
}
