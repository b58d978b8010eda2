//! Fresh ids for new records.

/// A fresh id (128 random bits from the browser's crypto, hex).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = c.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes.iter().all(|b| *b == 0) {
        // No crypto: fall back to time and Math.random (ids only need to be unique).
        let r = (js_sys::Math::random() * 1e15) as u64;
        return format!("inc-{}-{r:x}", super::clock::millis() as u64);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
}

/// A random id of this page load (six hex digits), the same every time it is asked.
pub fn tab() -> &'static str {
    static TAB: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAB.get_or_init(|| format!("{:06x}", (js_sys::Math::random() * 16_777_215.0) as u32))
}
