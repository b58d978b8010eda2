//! The site worker: the workspace's second wasm module. It renders the live preview and builds
//! the site to publish, in a Web Worker, so the page's thread (typing, the clocks) never waits
//! for a render; and the first module, loaded before anything shows, carries no renderer.
//!
//! The workspace talks to it in [`protocol`] messages (JSON text; a zip or the site's files come
//! back as bytes beside it). [`work::Work`] does what a message asks, with no browser in sight,
//! so it is tested on the host; `main.rs` only wires it to the worker's messages.

pub mod protocol;
pub mod work;
