//! A tiny deterministic pseudo-random generator (SplitMix64).
//!
//! The mock must behave identically for a given seed, so it carries its own generator instead
//! of depending on a crate whose output could change between versions.

/// SplitMix64: fast, well distributed, and fully determined by its seed.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// A generator for a sub-stream (one task, one kind of id), independent of the others.
    pub(crate) fn derive(seed: u64, stream: u64) -> Self {
        let mut mixer = Self::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        Self::new(mixer.next_u64())
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `low..=high` (returns `low` when the range is empty).
    pub(crate) fn in_range(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        let span = high - low + 1;
        low + self.next_u64() % span
    }

    /// A lowercase hexadecimal string of `len` characters.
    pub(crate) fn hex(&mut self, len: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(len);
        let mut bits = self.next_u64();
        for index in 0..len {
            if index % 16 == 15 {
                bits = self.next_u64();
            }
            let digit = usize::try_from(bits & 0xF).unwrap_or(0);
            out.push(char::from(DIGITS[digit]));
            bits >>= 4;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Rng::derive(7, 1);
        let mut b = Rng::derive(7, 1);
        assert_eq!(a.hex(24), b.hex(24));
        assert_ne!(Rng::derive(7, 2).next_u64(), Rng::derive(7, 1).next_u64());
        assert!((3..=5).contains(&a.in_range(3, 5)));
    }
}
