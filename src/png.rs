//! A PNG writer for the pictures the core draws itself (the flash's page preview, the
//! monitoring charts): one IDAT of zlib-compressed rows, nothing else, so no image crate.

use std::io::Write;

/// The pixel layout of the rows given to `encode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// One byte a pixel.
    Grey,
    /// Three bytes a pixel, red, green, blue.
    Rgb,
}

fn crc32(chunks: &[&[u8]]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for chunk in chunks {
        for &byte in *chunk {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend((data.len() as u32).to_be_bytes());
    out.extend(kind);
    out.extend(data);
    out.extend(crc32(&[kind, data]).to_be_bytes());
}

/// A PNG of `raw`: rows of `width` pixels, each row after its filter byte (0: none).
pub fn encode(width: u32, height: u32, colour: Colour, raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into memory does not fail.
    let compressed = encoder.write_all(raw).and_then(|()| encoder.finish()).unwrap_or_default();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    let colour_type = match colour {
        Colour::Grey => 0,
        Colour::Rgb => 2,
    };
    header.extend([8, colour_type, 0, 0, 0]); // 8 bits, deflate, no filter method, no interlace
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &compressed);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Rows of `width` pixels of `bytes_per_pixel` bytes, each put after a filter byte of 0.
pub fn rows(pixels: &[u8], width: usize, bytes_per_pixel: usize) -> Vec<u8> {
    let stride = (width * bytes_per_pixel).max(1);
    let mut raw = Vec::with_capacity(pixels.len() + pixels.len() / stride + 1);
    for row in pixels.chunks(stride) {
        raw.push(0);
        raw.extend_from_slice(row);
    }
    raw
}
