//! The Web Worker entry: `"ready"`, then one array of decoded texts per `ImageData` received.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, ImageData, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let texts = js_sys::Array::new();
        if let Ok(frame) = event.data().dyn_into::<ImageData>() {
            let gray = motcua_qrscan::rgba_to_gray(&frame.data());
            let (w, h) = (frame.width() as usize, frame.height() as usize);
            for text in motcua_qrscan::decode_gray(w, h, &gray) {
                texts.push(&JsValue::from_str(&text));
            }
        }
        let _ = reply.post_message(&texts);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}

/// Natively there is nothing to run: the decoder is the library, tested natively.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
