//! Client certificates from `.p12` files, base64-encoded for the wire.

use crate::error::Error;
use crate::secret::Secret;
use crate::types::Certificate;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
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
        Certificate {
            file: Secret::new(STANDARD.encode(p12.as_ref())),
            password: password.map(|p| Secret::new(p.to_owned())),
        }
    }

    /// A certificate whose `.p12` file is already base64-encoded (standard alphabet,
    /// padded), as the wire carries it.
    ///
    /// ```
    /// use smooth_client::types::Certificate;
    /// let cert = Certificate::from_base64("MII=", None);
    /// assert_eq!(cert, Certificate::from_p12_bytes(b"\x30\x82", None));
    /// ```
    pub fn from_base64(base64: impl Into<String>, password: Option<&str>) -> Self {
        Certificate { file: Secret::new(base64.into()), password: password.map(|p| Secret::new(p.to_owned())) }
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

#[cfg(test)]
mod tests {
    use crate::types::Certificate;

    #[test]
    fn the_wire_form_is_standard_padded_base64() {
        // RFC 4648 §10 test vectors, plus the two symbols that differ between alphabets.
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(Certificate::from_p12_bytes(input, None).file.expose(), expected, "{input}");
        }
        assert_eq!(Certificate::from_p12_bytes([0xff, 0xfe, 0xfd], None).file.expose(), "//79");
    }
}
