//! The engine's hashes, from well-kept crates: FxHash (`rustc-hash`) for the maps of ids a
//! data file is read with, and FNV-1a (`fnv`) for a file's identity and the small filter
//! that notices a repeated key in an object.

use std::hash::Hasher;

/// FxHash: a fast hasher for the short ids of a data file. Not resistant to crafted
/// collisions, which could only slow down the reading of one's own file.
pub(crate) type FxBuild = rustc_hash::FxBuildHasher;

/// A map keyed by ids, with FxHash: the one hasher of the page's maps too (std's SipHash
/// would add its own code to the page's module).
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

/// A set of ids, with FxHash.
pub type FxSet<K> = std::collections::HashSet<K, FxBuild>;

/// FNV-1a, 64 bits, of some bytes; `Fnv::default()` continues where it left off.
pub(crate) type Fnv = fnv::FnvHasher;

/// The identity of a file worked out part by part, as the file is read: FNV-1a of its
/// bytes, as hex. Keys browser storage to one data set (so it must never change).
#[derive(Default)]
pub struct Identity(Fnv);

impl Identity {
    /// Takes the next bytes of the file.
    pub fn update(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    /// The identity of all the bytes taken, as hex.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.0.finish())
    }
}

/// FNV-1a of a file's bytes, as hex (see `Identity`).
pub fn identity(bytes: &[u8]) -> String {
    let mut id = Identity::default();
    id.update(bytes);
    id.finish()
}

/// One bit of 64 for a key: objects keep the bits of their keys, so a repeated key is looked
/// for only when its bit is already set (rarely, for the usual objects of a few keys).
pub(crate) fn key_bit(key: &str) -> u64 {
    let mut h = Fnv::default();
    h.write(key.as_bytes());
    1u64 << (h.finish() >> 58)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_fnv1a_64() {
        // Published FNV-1a 64 test vectors (Fowler, Noll, Vo: "", "a", "foobar").
        assert_eq!(identity(b""), "cbf29ce484222325");
        assert_eq!(identity(b"a"), "af63dc4c8601ec8c");
        assert_eq!(identity(b"foobar"), "85944171f73967e8");
        let mut parts = Identity::default();
        parts.update(b"foo");
        parts.update(b"bar");
        assert_eq!(parts.finish(), identity(b"foobar"));
    }
}
