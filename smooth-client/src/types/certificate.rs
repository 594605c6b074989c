//! Client certificates from `.p12` files, base64-encoded for the wire.

use crate::error::Error;
use crate::secret::Secret;
use crate::types::Certificate;
use std::path::Path;

impl Certificate {
    /// A certificate from the bytes of a `.p12` (PKCS #12) file and its password. The
    /// contents and the password are kept secret: never printed, only sent.
    ///
    /// ```
    /// use smooth_client::types::Certificate;
    /// let cert = Certificate::from_p12_bytes(b"\x30\x82", Some("pw"));
    /// assert_eq!(cert.file.expose(), "MII=");
    /// assert!(!format!("{cert:?}").contains("MII="));
    /// ```
    pub fn from_p12_bytes(p12: impl AsRef<[u8]>, password: Option<&str>) -> Self {
        Certificate { file: Secret::new(base64(p12.as_ref())), password: password.map(|p| Secret::new(p.to_owned())) }
    }

    /// A certificate read from a `.p12` file. Reads the (small) file at once, blocking.
    pub fn from_p12_path(path: impl AsRef<Path>, password: Option<&str>) -> Result<Self, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|err| Error::InvalidInput {
            field: "certificate".to_owned(),
            reason: format!("cannot read {}: {err}", path.display()),
        })?;
        Ok(Certificate::from_p12_bytes(bytes, password))
    }
}

/// Standard base64 with padding (RFC 4648 §4); twenty lines instead of a dependency.
fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for (i, symbol) in symbols.iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[*symbol as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn encodes_like_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }
}
