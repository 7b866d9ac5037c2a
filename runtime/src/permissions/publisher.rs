//! Who published a plugin, and which publishers the host accepts.

use std::collections::BTreeSet;

use annex_protocol::PluginId;

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

/// Who published a plugin, as far as the host can prove it: never a name
/// the module claims about itself.
///
/// - `key:<hex>`: signed; the Ed25519 key whose signature verified.
/// - `catalog:<origin>`: unsigned, listed in a catalog read from that origin;
///   the catalog vouches for the module's bytes (their SHA-256) under its id.
/// - `sha256:<hex>`: unsigned, loaded another way; bound to these exact bytes.
///
/// A plugin's remembered permissions and stored data are filed under
/// [`identity`](Self::identity): publisher and id together, so a module that
/// claims another plugin's id is another plugin's impostor, not its heir.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Publisher(pub(crate) String);

impl Publisher {
    /// Unsigned modules listed in a catalog read from `origin`.
    pub(crate) fn catalog(origin: &str) -> Self {
        Self(format!("catalog:{origin}"))
    }

    /// Whether a signing key proves this publisher.
    pub(crate) fn is_key(&self) -> bool {
        self.0.starts_with("key:")
    }

    /// The key a plugin's own data is filed under (ids hold no spaces).
    pub(crate) fn identity(&self, id: &PluginId) -> String {
        format!("{} {id}", self.0)
    }

    /// Checks the module's signature against `policy`. An unsigned module is
    /// `unsigned` when someone the host trusts vouches for it (a catalog, the
    /// app updating a running plugin), else bound to its bytes. The reason
    /// for a refusal is worded to follow "plugin X: ".
    pub(crate) fn of(
        module: &[u8],
        sha256: &str,
        policy: &SignaturePolicy,
        unsigned: Option<Publisher>,
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
            None => Ok(unsigned.unwrap_or_else(|| Self(format!("sha256:{sha256}")))),
        }
    }
}
