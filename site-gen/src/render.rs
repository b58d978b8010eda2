//! Rendering is `status_pages::site` (no IO, so the browser can build the same site); site-gen
//! renders with every core and writes the files (`output::write_site`).

pub use status_pages::site::{render_site, RenderOptions};
pub use status_pages::{OutFile, RenderError};
