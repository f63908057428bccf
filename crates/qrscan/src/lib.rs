//! # motcua-qrscan
//!
//! Decodes QR codes in camera frames for the app's `/scan` page when the browser has no
//! `BarcodeDetector`. Built by Trunk as a separate Web Worker (`qrscan_loader.js`,
//! `qrscan.js`, `qrscan_bg.wasm`), so the main app bundle never carries the decoder.
//!
//! Protocol: the worker posts the string `"ready"` once; then for each `ImageData` it receives
//! (RGBA) it posts back an array of the texts it decoded (often empty).

/// The luma of RGBA pixels (ITU-R BT.601 weights, integer arithmetic).
pub fn rgba_to_gray(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| {
            let y = 299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]);
            u8::try_from(y / 1000).unwrap_or(u8::MAX)
        })
        .collect()
}

/// Every QR code text found in a grayscale image of `width` × `height` pixels. A buffer of the
/// wrong size yields nothing.
pub fn decode_gray(width: usize, height: usize, gray: &[u8]) -> Vec<String> {
    if width == 0 || height == 0 || gray.len() != width * height {
        return Vec::new();
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| gray[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A camera-like RGBA frame: the QR code of `text` at `scale` px per module, offset in a
    /// light grey 320×240 frame.
    fn frame(text: &str, scale: usize) -> (usize, usize, Vec<u8>) {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let n = code.width();
        let colors = code.to_colors();
        let (w, h) = (320, 240);
        let mut rgba = vec![200u8; w * h * 4];
        for y in 0..n * scale {
            for x in 0..n * scale {
                if colors[(y / scale) * n + x / scale] == qrcode::Color::Dark {
                    let i = ((y + 30) * w + x + 60) * 4;
                    rgba[i..i + 3].copy_from_slice(&[20, 20, 20]);
                }
            }
        }
        (w, h, rgba)
    }

    #[test]
    fn decodes_a_frame() {
        let url = "http://127.0.0.1:8080/q/7KQ4XM2A";
        let (w, h, rgba) = frame(url, 5);
        assert_eq!(
            decode_gray(w, h, &rgba_to_gray(&rgba)),
            vec![url.to_owned()]
        );
    }

    #[test]
    fn gray_weights_and_bad_sizes() {
        assert_eq!(
            rgba_to_gray(&[255, 255, 255, 255, 0, 0, 0, 255]),
            vec![255, 0]
        );
        assert_eq!(rgba_to_gray(&[255, 0, 0, 255]), vec![76]);
        assert!(decode_gray(10, 10, &[0; 5]).is_empty());
        assert!(decode_gray(0, 0, &[]).is_empty());
        assert!(decode_gray(64, 64, &[255; 64 * 64]).is_empty());
    }
}
