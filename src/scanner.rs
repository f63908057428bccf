//! The camera and the QR decoders behind `/scan`.
//!
//! [`Scanner::start`] opens the back camera (`getUserMedia`, `facingMode: environment`) into a
//! `<video>`; [`Scanner::poll`] looks at the current frame with the browser's `BarcodeDetector`
//! when it has one, else posts the frame (`ImageData`) to the `motcua-qrscan` Web Worker
//! (`/qrscan_loader.js`, rqrr compiled to its own small wasm, so the main bundle stays lean) and
//! returns what earlier frames decoded. Dropping the scanner stops the camera and the worker.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack, MessageEvent, Worker,
};

/// The worker's loader script (Trunk's `data-loader-shim` for the `qrscan` binary).
pub const WORKER_URL: &str = "/qrscan_loader.js";
/// Frames are scaled down to at most this width before decoding.
const MAX_FRAME_WIDTH: u32 = 640;

/// Why the camera could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoCamera(pub String);

/// The wasm decoder in its worker.
struct WorkerDecoder {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    busy: Rc<Cell<bool>>,
    found: Rc<RefCell<Vec<String>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    canvas: HtmlCanvasElement,
}

impl WorkerDecoder {
    fn spawn() -> Option<Self> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let (ready, busy) = (Rc::new(Cell::new(false)), Rc::new(Cell::new(false)));
        let found = Rc::new(RefCell::new(Vec::new()));
        let (r, b, f) = (Rc::clone(&ready), Rc::clone(&busy), Rc::clone(&found));
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let data = event.data();
            if data.as_string().as_deref() == Some("ready") {
                r.set(true);
                return;
            }
            b.set(false);
            if let Ok(texts) = data.dyn_into::<Array>() {
                f.borrow_mut()
                    .extend(texts.iter().filter_map(|t| t.as_string()));
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let canvas = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into::<HtmlCanvasElement>()
            .ok()?;
        Some(Self {
            worker,
            ready,
            busy,
            found,
            _on_message: on_message,
            canvas,
        })
    }

    fn post_frame(&self, video: &HtmlVideoElement) {
        if !self.ready.get() || self.busy.get() {
            return;
        }
        let (vw, vh) = (video.video_width(), video.video_height());
        if vw == 0 || vh == 0 {
            return;
        }
        let w = vw.min(MAX_FRAME_WIDTH);
        let h = vh * w / vw;
        self.canvas.set_width(w);
        self.canvas.set_height(h);
        let options = Object::new();
        let _ = Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE);
        let Some(ctx) = self
            .canvas
            .get_context_with_context_options("2d", &options)
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        if ctx
            .draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, w.into(), h.into())
            .is_err()
        {
            return;
        }
        if let Ok(frame) = ctx.get_image_data(0.0, 0.0, w.into(), h.into()) {
            if self.worker.post_message(&frame).is_ok() {
                self.busy.set(true);
            }
        }
    }

    fn take_found(&self) -> Vec<String> {
        std::mem::take(&mut *self.found.borrow_mut())
    }
}

impl Drop for WorkerDecoder {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.terminate();
    }
}

/// A running camera with a decoder.
pub struct Scanner {
    stream: MediaStream,
    detector: Option<JsValue>,
    worker: Option<WorkerDecoder>,
}

/// The browser's `BarcodeDetector` for QR codes, when it has one.
fn barcode_detector() -> Option<JsValue> {
    let global = js_sys::global();
    let class = Reflect::get(&global, &"BarcodeDetector".into()).ok()?;
    let class = class.dyn_into::<js_sys::Function>().ok()?;
    let options = Object::new();
    let formats = Array::of1(&"qr_code".into());
    Reflect::set(&options, &"formats".into(), &formats).ok()?;
    Reflect::construct(&class, &Array::of1(&options)).ok()
}

impl Scanner {
    /// Opens the back camera into `video`. `wasm_only` skips `BarcodeDetector` (tests use it).
    pub async fn start(video: &HtmlVideoElement, wasm_only: bool) -> Result<Self, NoCamera> {
        let no = |what: &str| NoCamera(what.to_owned());
        let devices = web_sys::window()
            .ok_or_else(|| no("no window"))?
            .navigator()
            .media_devices()
            .map_err(|_| no("no mediaDevices"))?;
        let constraints = MediaStreamConstraints::new();
        let video_wanted = Object::new();
        let _ = Reflect::set(&video_wanted, &"facingMode".into(), &"environment".into());
        constraints.set_video(&video_wanted);
        constraints.set_audio(&JsValue::FALSE);
        let promise = devices
            .get_user_media_with_constraints(&constraints)
            .map_err(|_| no("getUserMedia unavailable"))?;
        let stream: MediaStream = JsFuture::from(promise)
            .await
            .map_err(|e| NoCamera(format!("{e:?}")))?
            .dyn_into()
            .map_err(|_| no("not a stream"))?;
        video.set_muted(true);
        let _ = video.set_attribute("playsinline", "");
        video.set_src_object(Some(&stream));
        if let Ok(play) = video.play() {
            let _ = JsFuture::from(play).await;
        }
        let detector = if wasm_only { None } else { barcode_detector() };
        let worker = if detector.is_none() {
            WorkerDecoder::spawn()
        } else {
            None
        };
        Ok(Self {
            stream,
            detector,
            worker,
        })
    }

    /// True when frames go to the wasm worker (no `BarcodeDetector`).
    pub fn uses_worker(&self) -> bool {
        self.worker.is_some()
    }

    /// Looks at the current frame; returns texts decoded so far (possibly from earlier frames).
    pub async fn poll(&self, video: &HtmlVideoElement) -> Vec<String> {
        if let Some(detector) = &self.detector {
            let detect = Reflect::get(detector, &"detect".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            let Some(promise) = detect
                .and_then(|f| f.call1(detector, video).ok())
                .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
            else {
                return Vec::new();
            };
            let Ok(found) = JsFuture::from(promise).await else {
                return Vec::new();
            };
            return Array::from(&found)
                .iter()
                .filter_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
                .collect();
        }
        match &self.worker {
            Some(worker) => {
                let found = worker.take_found();
                worker.post_frame(video);
                found
            }
            None => Vec::new(),
        }
    }
}

impl Drop for Scanner {
    fn drop(&mut self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
    }
}
