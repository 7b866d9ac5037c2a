//! Module signatures: who published a plugin, and proof its bytes are theirs.
//!
//! A signed module carries an `annex.signature` custom section holding the
//! publisher's Ed25519 public key and a signature over the module's bytes
//! with every `annex.signature` section removed (so signing appends to the
//! module and verifying strips it again). The manifest is inside the signed
//! bytes: a publisher vouches for the permissions it requests too.
//!
//! ```
//! use annex_module::signature::{sign, verify, SigningKey};
//!
//! let module = wasm_encoder::Module::new().finish();
//! let key = SigningKey::from_bytes(&[7; 32]);
//! let signed = sign(&module, &key);
//! let publisher = verify(&signed).unwrap().expect("signed");
//! assert_eq!(publisher.public_key, key.verifying_key().to_bytes());
//!
//! let mut tampered = signed.clone();
//! tampered[9] ^= 1; // a byte inside the module, outside the signature
//! assert!(verify(&tampered).is_err());
//! assert_eq!(verify(&module).unwrap(), None); // unsigned
//! ```

pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::edit::{with_custom_section, without_custom_section};
use crate::ModuleError;

/// Name of the custom section holding the signature.
pub const SIGNATURE_SECTION: &str = "annex.signature";

/// The section's content: JSON with hex strings.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureSection {
    public_key: String,
    signature: String,
}

/// A verified signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signed {
    /// The publisher's Ed25519 public key.
    pub public_key: [u8; 32],
}

impl Signed {
    /// The publisher's identity as the host records it: `key:` and the
    /// public key in hex.
    pub fn publisher(&self) -> String {
        format!("key:{}", hex::encode(self.public_key))
    }
}

/// Signs `module` (replacing any earlier signature).
pub fn sign(module: &[u8], key: &SigningKey) -> Vec<u8> {
    // An unparsable module has nothing to strip; sign it as it is.
    let unsigned =
        without_custom_section(module, SIGNATURE_SECTION).unwrap_or_else(|_| module.to_vec());
    let section = SignatureSection {
        public_key: hex::encode(key.verifying_key().to_bytes()),
        signature: hex::encode(key.sign(&unsigned).to_bytes()),
    };
    let json = serde_json::to_vec(&section).expect("signature sections serialize");
    with_custom_section(&unsigned, SIGNATURE_SECTION, &json)
}

/// Checks a module's signature: `Ok(None)` when it has none, the publisher
/// when it verifies, and why not otherwise.
pub fn verify(module: &[u8]) -> Result<Option<Signed>, ModuleError> {
    check(module).map_err(ModuleError::Signature)
}

fn check(module: &[u8]) -> Result<Option<Signed>, String> {
    let mut sections = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(module) {
        if let wasmparser::Payload::CustomSection(section) = payload.map_err(|e| e.to_string())? {
            if section.name() == SIGNATURE_SECTION {
                sections.push(section.data().to_vec());
            }
        }
    }
    let data = match sections.as_slice() {
        [] => return Ok(None),
        [one] => one,
        _ => return Err("it has more than one signature section".to_owned()),
    };
    let section: SignatureSection = serde_json::from_slice(data)
        .map_err(|e| format!("its signature section is malformed: {e}"))?;
    let public_key: [u8; 32] = decode_hex(&section.public_key, "public key")?;
    let signature: [u8; 64] = decode_hex(&section.signature, "signature")?;
    let key = VerifyingKey::from_bytes(&public_key)
        .map_err(|_| "its signature has an invalid public key".to_owned())?;
    let unsigned = without_custom_section(module, SIGNATURE_SECTION).map_err(|e| e.to_string())?;
    key.verify(&unsigned, &Signature::from_bytes(&signature)).map_err(|_| {
        format!(
            "its signature does not match its bytes (modified after signing, \
             or not signed by key:{})",
            section.public_key
        )
    })?;
    Ok(Some(Signed { public_key }))
}

fn decode_hex<const N: usize>(text: &str, what: &str) -> Result<[u8; N], String> {
    let bytes = hex::decode(text).map_err(|e| format!("its signature {what} is malformed: {e}"))?;
    bytes.try_into().map_err(|_| format!("its signature {what} has the wrong length"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module() -> Vec<u8> {
        let mut module = wasm_encoder::Module::new();
        module.section(&wasm_encoder::CustomSection { name: "x".into(), data: b"data"[..].into() });
        module.finish()
    }

    #[test]
    fn signing_twice_replaces_the_signature_and_another_key_is_another_publisher() {
        let (a, b) = (SigningKey::from_bytes(&[1; 32]), SigningKey::from_bytes(&[2; 32]));
        let signed = sign(&sign(&module(), &a), &b);
        let signed_by = verify(&signed).unwrap().unwrap();
        assert_eq!(signed_by.public_key, b.verifying_key().to_bytes());
        assert!(signed_by.publisher().starts_with("key:"));
        assert_eq!(signed_by.publisher().len(), 4 + 64);
    }

    #[test]
    fn a_signature_copied_onto_other_bytes_fails_and_junk_is_reported() {
        let key = SigningKey::from_bytes(&[1; 32]);
        let signed = sign(&module(), &key);
        let section = &signed[module().len()..];
        let mut other = wasm_encoder::Module::new();
        other.section(&wasm_encoder::CustomSection { name: "x".into(), data: b"evil"[..].into() });
        let mut forged = other.finish();
        forged.extend_from_slice(section);
        let err = verify(&forged).unwrap_err();
        assert!(err.to_string().starts_with("its signature does not match its bytes"), "{err}");

        let junk = with_custom_section(&module(), SIGNATURE_SECTION, b"{\"public_key\":\"zz\"}");
        assert!(verify(&junk)
            .unwrap_err()
            .to_string()
            .starts_with("its signature section is malformed"));
        let twice = with_custom_section(&signed, SIGNATURE_SECTION, b"{}");
        assert_eq!(
            verify(&twice).unwrap_err().to_string(),
            "it has more than one signature section"
        );
    }
}
