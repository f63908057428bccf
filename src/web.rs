//! Browser APIs that `web-sys` lacks or hides behind unstable flags, in one place: random bytes,
//! SHA-256, photo re-encoding, storage quota, Web Locks, the clipboard and object URLs.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use motcua_domain::{DraftId, Sha256Hex};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Largest stored photo: 1 MB.
pub const MAX_PHOTO_BYTES: f64 = 1_000_000.0;
/// Longest side of a stored photo.
pub const MAX_PHOTO_SIDE: f64 = 2000.0;

fn global() -> Object {
    js_sys::global()
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn set(target: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value.into());
}

/// `n` bytes from `crypto.getRandomValues` (falls back to `Math.random` where it is missing).
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    let crypto = get(&global(), "crypto").and_then(|c| c.dyn_into::<web_sys::Crypto>().ok());
    let filled = crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut buf).is_ok());
    if !filled {
        for b in &mut buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// A fresh random draft id: 32 hex digits (128 bits).
pub fn new_draft_id() -> DraftId {
    let hex: String = random_bytes(16)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    DraftId::parse(&hex).expect("32 hex digits are a valid draft id")
}

/// SHA-256 of a blob's bytes with `crypto.subtle.digest`.
pub async fn sha256(blob: &web_sys::Blob) -> Result<Sha256Hex, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    let subtle = get(&global(), "crypto")
        .and_then(|c| get(&c, "subtle"))
        .ok_or_else(|| JsValue::from_str("no crypto.subtle"))?
        .unchecked_into::<web_sys::SubtleCrypto>();
    let digest = JsFuture::from(
        subtle.digest_with_str_and_buffer_source("SHA-256", &buffer.unchecked_into::<Object>())?,
    )
    .await?;
    let bytes = Uint8Array::new(&digest).to_vec();
    let array: [u8; 32] = bytes
        .try_into()
        .map_err(|_| JsValue::from_str("digest is not 32 bytes"))?;
    Ok(Sha256Hex::from_bytes(array))
}

/// Why a chosen file could not become a stored photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// Not an image file.
    NotImage,
    /// An image the browser cannot decode.
    Undecodable,
    /// Re-encoding failed or stayed over the size limit.
    Encode,
}

/// Decodes `file` honouring its EXIF orientation, scales it so the longest side is at most
/// [`MAX_PHOTO_SIDE`], and re-encodes it as JPEG (which drops every metadata block) at falling
/// quality (0.85 → 0.5), then smaller, until it is at most [`MAX_PHOTO_BYTES`].
pub async fn process_photo(file: &web_sys::File) -> Result<web_sys::Blob, PhotoError> {
    let kind = file.type_();
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(PhotoError::NotImage);
    }
    let options = Object::new();
    set(&options, "imageOrientation", "from-image");
    let create = get(&global(), "createImageBitmap")
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(PhotoError::Undecodable)?;
    let promise = create
        .call2(&global(), file, &options)
        .map_err(|_| PhotoError::Undecodable)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(Promise::from(promise))
        .await
        .map_err(|_| PhotoError::Undecodable)?
        .unchecked_into();
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    if w < 1.0 || h < 1.0 {
        return Err(PhotoError::Undecodable);
    }
    let mut scale = (MAX_PHOTO_SIDE / w.max(h)).min(1.0);
    let result = loop {
        let (cw, ch) = ((w * scale).round().max(1.0), (h * scale).round().max(1.0));
        let mut best: Option<web_sys::Blob> = None;
        for quality in [0.85, 0.75, 0.65, 0.5] {
            let blob = encode(&bitmap, cw as u32, ch as u32, quality).await?;
            if blob.size() <= MAX_PHOTO_BYTES {
                best = Some(blob);
                break;
            }
        }
        if let Some(blob) = best {
            break Ok(blob);
        }
        if cw.max(ch) < 200.0 {
            break Err(PhotoError::Encode);
        }
        scale *= 0.7;
    };
    bitmap.close();
    result
}

async fn encode(
    bitmap: &web_sys::ImageBitmap,
    w: u32,
    h: u32,
    quality: f64,
) -> Result<web_sys::Blob, PhotoError> {
    if get(&global(), "OffscreenCanvas").is_some() {
        if let Ok(blob) = encode_offscreen(bitmap, w, h, quality).await {
            return Ok(blob);
        }
    }
    encode_canvas(bitmap, w, h, quality)
        .await
        .map_err(|_| PhotoError::Encode)
}

async fn encode_offscreen(
    bitmap: &web_sys::ImageBitmap,
    w: u32,
    h: u32,
    quality: f64,
) -> Result<web_sys::Blob, JsValue> {
    let canvas = web_sys::OffscreenCanvas::new(w, h)?;
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .unchecked_into();
    // JPEG has no transparency: paint white under transparent PNGs.
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(w), f64::from(h))?;
    let options = Object::new();
    set(&options, "type", "image/jpeg");
    set(&options, "quality", quality);
    let blob =
        JsFuture::from(canvas.convert_to_blob_with_options(options.unchecked_ref())?).await?;
    Ok(blob.unchecked_into())
}

async fn encode_canvas(
    bitmap: &web_sys::ImageBitmap,
    w: u32,
    h: u32,
    quality: f64,
) -> Result<web_sys::Blob, JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2d context"))?
        .unchecked_into();
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(w), f64::from(h))?;
    let promise = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            if blob.is_null() {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("toBlob gave null"));
            } else {
                let _ = resolve.call1(&JsValue::NULL, &blob);
            }
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

fn storage_manager() -> Option<JsValue> {
    get(&global(), "navigator").and_then(|n| get(&n, "storage"))
}

/// Free bytes in this site's storage quota (`quota − usage`), when the browser tells.
pub async fn storage_free_bytes() -> Option<f64> {
    let manager = storage_manager()?;
    let estimate = get(&manager, "estimate")?.dyn_into::<Function>().ok()?;
    let promise = estimate.call0(&manager).ok()?;
    let answer = JsFuture::from(Promise::from(promise)).await.ok()?;
    let quota = get(&answer, "quota")?.as_f64()?;
    let usage = get(&answer, "usage")
        .and_then(|u| u.as_f64())
        .unwrap_or(0.0);
    Some((quota - usage).max(0.0))
}

/// Asks the browser not to evict this site's data (`navigator.storage.persist()`).
pub async fn request_persistent_storage() -> bool {
    let Some(manager) = storage_manager() else {
        return false;
    };
    let Some(persist) = get(&manager, "persist").and_then(|f| f.dyn_into::<Function>().ok()) else {
        return false;
    };
    match persist.call0(&manager) {
        Ok(p) => JsFuture::from(Promise::from(p))
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

/// Requests the Web Lock `name` and calls `on_acquired` once this tab holds it; the lock is
/// then held until the tab closes (the other tabs wait in the lock's queue and the next one
/// takes over). Returns false when the browser has no Web Locks (the caller decides).
pub fn hold_lock_for_life(name: &str, on_acquired: impl FnOnce() + 'static) -> bool {
    let Some(locks) = get(&global(), "navigator").and_then(|n| get(&n, "locks")) else {
        return false;
    };
    let Some(request) = get(&locks, "request").and_then(|f| f.dyn_into::<Function>().ok()) else {
        return false;
    };
    let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        on_acquired();
        // Never settles: the lock is released only when the tab goes away.
        Promise::new(&mut |_, _| {}).into()
    });
    request
        .call2(&locks, &JsValue::from_str(name), &callback)
        .is_ok()
}

/// Copies text to the clipboard; false when not allowed.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = get(&global(), "navigator").and_then(|n| get(&n, "clipboard")) else {
        return false;
    };
    let Some(write) = get(&clipboard, "writeText").and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(p) => JsFuture::from(Promise::from(p)).await.is_ok(),
        Err(_) => false,
    }
}

/// `URL.createObjectURL(blob)`.
pub fn object_url(blob: &web_sys::Blob) -> Option<String> {
    web_sys::Url::create_object_url_with_blob(blob).ok()
}

/// `URL.revokeObjectURL(url)`.
pub fn revoke_object_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}
