//! Who published a plugin, and which publishers the host accepts.

use std::collections::BTreeSet;

use annex_protocol::Manifest;

use annex_module::signature::verify;

/// Which module signatures the host requires or accepts. See
/// [`annex_module::signature`] for the format.
///
/// A module whose signature does not verify is always refused. Beyond that:
/// with [`require_signed`](Self::require_signed), unsigned modules are
/// refused; with [`trusted_keys`](Self::trusted_keys) non-empty, a signed
/// module must be signed by one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignaturePolicy {
    /// Refuse unsigned modules. Default: no.
    pub require_signed: bool,
    /// Ed25519 public keys (hex) whose signatures are accepted; empty
    /// accepts any key whose signature verifies. Default: empty.
    pub trusted_keys: BTreeSet<String>,
}

impl SignaturePolicy {
    /// Only modules signed by one of `keys` (hex Ed25519 public keys).
    pub fn trusting<I: IntoIterator<Item = S>, S: Into<String>>(keys: I) -> Self {
        Self {
            require_signed: true,
            trusted_keys: keys.into_iter().map(|k| k.into().to_lowercase()).collect(),
        }
    }
}

/// Who published a plugin: the key that signed it (`key:<hex>`), or,
/// unsigned, its manifest's first author (`author:<name>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Publisher(pub(crate) String);

impl Publisher {
    /// Checks the module's signature against `policy`; the reason for a
    /// refusal is worded to follow "plugin X: ".
    pub(crate) fn of(
        module: &[u8],
        manifest: &Manifest,
        policy: &SignaturePolicy,
    ) -> Result<Self, String> {
        match verify(module).map_err(|e| e.to_string())? {
            Some(signed) => {
                let key = hex::encode(signed.public_key);
                if !policy.trusted_keys.is_empty() && !policy.trusted_keys.contains(&key) {
                    return Err(format!(
                        "it is signed by key:{key}, which this host does not trust"
                    ));
                }
                Ok(Self(signed.publisher()))
            }
            None if policy.require_signed => {
                Err("it is not signed, and this host only loads signed plugins".to_owned())
            }
            None => {
                let author = manifest.authors.first().map_or("unknown author", String::as_str);
                Ok(Self(format!("author:{author}")))
            }
        }
    }
}
