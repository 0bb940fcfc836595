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

/// Not generic, and not inlined into each caller: the one instantiation of the sort.
#[inline(never)]
fn sort_pairs(pairs: &mut [(i64, usize)]) {
    pairs.sort_unstable();
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
    fn nothing_and_one_item_stay_as_they_are() {
        let mut none: Vec<u8> = Vec::new();
        by_rank(&mut none, |_| 0);
        assert!(none.is_empty());
        let mut one = vec!["only"];
        by_rank(&mut one, |_| 7);
        assert_eq!(one, ["only"]);
    }
}
