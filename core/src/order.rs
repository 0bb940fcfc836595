//! Ordering lists by a whole-number rank, through one sort shared by every caller.
//!
//! Each `sort_by_key` call site instantiates the whole of the standard library's sort for its
//! element and key types (~2.8 KB of WASM each, `docs/size.md`). Here the sort runs on
//! `(rank, position)` pairs only, so the app's shell holds one copy; the position makes equal
//! ranks keep their order, as a stable sort would.

/// Reorders `items` by `rank`, smallest first; items of equal rank keep their order.
pub fn by_rank<T>(items: &mut Vec<T>, rank: impl Fn(&T) -> i64) {
    let mut order: Vec<(i64, usize)> = items
        .iter()
        .enumerate()
        .map(|(position, item)| (rank(item), position))
        .collect();
    sort_pairs(&mut order);
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&(_, position)| slots[position].take()),
    );
}

/// Not generic, and not inlined into each caller: the one sort. A heapsort, O(n log n) in place
/// (the home page ranks every matter of a catalogue by popularity, 10,000 and more in the scale
/// tests), in a few hundred bytes of WASM where `sort_unstable` instantiates ~2.5 KB of
/// quicksort and small-sorts (`docs/size.md`). Positions are unique, so no order among equals
/// is left to chance.
#[inline(never)]
fn sort_pairs(pairs: &mut [(i64, usize)]) {
    let len = pairs.len();
    for root in (0..len / 2).rev() {
        sift_down(pairs, root, len);
    }
    for end in (1..len).rev() {
        pairs.swap(0, end);
        sift_down(pairs, 0, end);
    }
}

/// Moves `pairs[root]` down the max-heap `pairs[..end]` to where it belongs.
fn sift_down(pairs: &mut [(i64, usize)], mut root: usize, end: usize) {
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && pairs[child] < pairs[child + 1] {
            child += 1;
        }
        if pairs[root] >= pairs[child] {
            return;
        }
        pairs.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_rank_first_and_equal_ranks_keep_their_order() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "plum", "date"];
        by_rank(&mut words, |w| w.len() as i64);
        assert_eq!(words, ["fig", "pear", "kiwi", "plum", "date", "apple"]);
    }

    #[test]
    fn a_reversed_rank_puts_the_largest_first() {
        let mut numbers = vec![3, 9, 1, 9, 4];
        by_rank(&mut numbers, |n| -(*n as i64));
        assert_eq!(numbers, [9, 9, 4, 3, 1]);
    }

    #[test]
    fn the_heapsort_agrees_with_the_standard_sort() {
        // A fixed pseudo-random sequence (a linear congruential generator), so a failure
        // reproduces; ranks from a small range, so many are equal.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as i64
        };
        for len in [0, 1, 2, 3, 4, 5, 7, 8, 16, 31, 100, 1000, 12_345] {
            let range = [3, 50, 1 << 30][len % 3];
            let mut pairs: Vec<(i64, usize)> = (0..len)
                .map(|position| (next() % range - range / 2, position))
                .collect();
            let mut expected = pairs.clone();
            expected.sort();
            sort_pairs(&mut pairs);
            assert_eq!(pairs, expected, "{len} pairs");
        }
    }

    #[test]
    fn nothing_and_one_item_stay_as_they_are() {
        let mut none: Vec<u8> = Vec::new();
        by_rank(&mut none, |_| 0);
        assert!(none.is_empty());
        let mut one = vec!["only"];
        by_rank(&mut one, |_| 7);
        assert_eq!(one, ["only"]);
    }
}
