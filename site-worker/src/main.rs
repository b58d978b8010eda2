//! The site worker's entry: reads the workspace's requests (JSON text) from the worker's
//! messages and posts each reply as `{json, bytes?}`, the bytes' buffer transferred, not copied.
//! Says `ready` once it reads requests.

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;

    use site_worker::protocol::{Reply, Request};
    use site_worker::work::Work;
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn post(scope: &DedicatedWorkerGlobalScope, reply: &Reply, bytes: Vec<u8>) {
        let message = js_sys::Object::new();
        let json = serde_json::to_string(reply).unwrap_or_default();
        let _ = js_sys::Reflect::set(&message, &"json".into(), &json.into());
        let sent = if bytes.is_empty() {
            scope.post_message(&message)
        } else {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            drop(bytes);
            let _ = js_sys::Reflect::set(&message, &"bytes".into(), &array);
            scope.post_message_with_transfer(&message, &js_sys::Array::of1(&array.buffer()))
        };
        if let Err(e) = sent {
            web_sys::console::error_2(&"site worker: a reply was not sent".into(), &e);
        }
    }

    fn clock() -> f64 {
        js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .performance()
            .map_or(0.0, |p| p.now())
    }

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let work = RefCell::new(Work::new(clock));
    let answer = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let mut out = |reply: Reply, bytes: Vec<u8>| post(&answer, &reply, bytes);
        let text = event.data().as_string().unwrap_or_default();
        match serde_json::from_str::<Request>(&text) {
            Ok(request) => work.borrow_mut().handle(request, &mut out),
            Err(e) => out(
                Reply::Failed {
                    id: 0,
                    error: format!("the site worker could not read a request: {e}"),
                },
                Vec::new(),
            ),
        }
    });
    scope.set_onmessage(Some(
        on_message.as_ref().unchecked_ref::<js_sys::Function>(),
    ));
    on_message.forget();
    post(&scope, &Reply::Ready, Vec::new());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("site-worker runs in the workspace's browser page (a Web Worker), not here.");
    std::process::exit(2);
}
