//! A short chime through the Web Audio API, for an alarm that falls due (when the person turned
//! sound on). Nothing is downloaded: the tone is made in the browser.

use web_sys::{AudioContext, OscillatorType};

/// Plays two short tones; silently nothing where the browser has no audio (or refuses it before
/// the person has touched the page).
pub fn chime() {
    let Ok(ctx) = AudioContext::new() else {
        return;
    };
    let now = ctx.current_time();
    for (n, hz) in [880.0_f32, 660.0].into_iter().enumerate() {
        let (Ok(osc), Ok(gain)) = (ctx.create_oscillator(), ctx.create_gain()) else {
            return;
        };
        osc.set_type(OscillatorType::Sine);
        osc.frequency().set_value(hz);
        let start = now + 0.25 * n as f64;
        let _ = gain.gain().set_value_at_time(0.2, start);
        let _ = gain
            .gain()
            .exponential_ramp_to_value_at_time(0.001, start + 0.22);
        if osc.connect_with_audio_node(&gain).is_err()
            || gain.connect_with_audio_node(&ctx.destination()).is_err()
        {
            return;
        }
        let _ = osc.start_with_when(start);
        let _ = osc.stop_with_when(start + 0.23);
    }
}
