//! Files in and out: downloads, reading a chosen or dropped file, and letting the page answer
//! between the batches of a long job.

use wasm_bindgen::JsCast;

/// Offers `text` as a file download named `name`, of type `mime`.
pub fn download_as(name: &str, text: &str, mime: &str) -> Result<(), String> {
    download_parts(
        name,
        &js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text)),
        mime,
    )
}

/// Offers `parts` (strings or blobs), joined, as a file download named `name`, of type `mime`.
pub fn download_parts(name: &str, parts: &js_sys::Array, mime: &str) -> Result<(), String> {
    let fail = |e: wasm_bindgen::JsValue| format!("the download could not start: {e:?}");
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_blob_sequence_and_options(parts, &opts).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_owned())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// One piece of a download, as a blob (the browser encodes it now, not all at the end).
pub fn blob_of(text: &str) -> Result<web_sys::Blob, String> {
    let piece = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    web_sys::Blob::new_with_str_sequence(&piece).map_err(|e| format!("{e:?}"))
}

/// The bytes of `file`, without a leading byte-order mark (Windows editors write one; it is not
/// part of the JSON). Bytes, not a JS string: copying them in is a memcpy, where decoding 60 MB
/// of UTF-16 froze the page for a third of a second.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{e:?}"))?;
    let mut bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    Ok(bytes)
}

/// The first file of a file input's change event (the input is emptied, so choosing the same
/// file again is heard again).
pub fn chosen_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0))?;
    input.set_value("");
    Some(file)
}

/// The first file dropped in a drop event.
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer()
        .and_then(|d| d.files())
        .and_then(|f| f.get(0))
}

/// Lets the page answer (input, a progress line) before the next step: a message to itself,
/// which runs as a new task without the 4 ms that nested `setTimeout`s are held back.
pub async fn yield_to_page() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
        }
        Err(_) => {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Logs how long a step took (read by scripts/bench-app.js); returns now.
pub fn timing(step: &str, since: f64) -> f64 {
    let now = super::clock::millis();
    timing_ms(step, now - since);
    now
}

/// Says in the console that `step` took `ms` milliseconds (measured elsewhere: the site worker).
pub fn timing_ms(step: &str, ms: f64) {
    web_sys::console::log_1(&format!("cygni-timing {step} {ms:.0} ms").into());
}

/// Milliseconds since the epoch, for [`timing`].
pub fn millis() -> f64 {
    super::clock::millis()
}
