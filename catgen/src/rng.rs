//! A small deterministic PRNG (SplitMix64): the same seed gives the same catalogue on every
//! platform, with no dependency.

#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    #[cfg(test)]
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for one item, so that a matter's guide does not depend on how
    /// many other guides were built before it.
    pub fn derive(seed: u64, stream: u64, item: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 ^= r
            .next()
            .wrapping_add(item.wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next();
        r
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True `pct` times in 100.
    pub fn chance(&mut self, pct: u8) -> bool {
        self.below(100) < pct as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A rank in `0..len` with P(r) ∝ 1/(r+1) (Zipf, s = 1): the head is picked far more
    /// often than the tail.
    pub fn zipf(&mut self, len: usize) -> usize {
        let r = ((self.unit() * ((len + 1) as f64).ln()).exp() - 1.0) as usize;
        r.min(len - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_prefers_the_head_and_stays_in_range() {
        let mut r = Rng::new(7);
        let mut counts = [0u32; 100];
        for _ in 0..100_000 {
            counts[r.zipf(100)] += 1;
        }
        assert!(counts[0] > 10 * counts[50], "{counts:?}");
        assert!(counts.iter().all(|&c| c > 0));
    }

    #[test]
    fn below_is_in_range_and_derive_is_stable() {
        let mut r = Rng::new(1);
        assert!((0..1000).all(|_| r.below(7) < 7));
        assert_eq!(Rng::derive(5, 1, 2).next(), Rng::derive(5, 1, 2).next());
        assert_ne!(Rng::derive(5, 1, 2).next(), Rng::derive(5, 1, 3).next());
    }
}
