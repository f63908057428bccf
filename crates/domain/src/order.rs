//! Sorting with one copy of the standard library's sort in the binary.
//!
//! Each `sort_by` on another element type or with another closure makes the compiler emit the
//! whole sort again, 3 to 6 KB of wasm each: the app's main module carried five (the catalog's
//! procedures by code, the guide list by name and by field, search hits). [`sort_by`] sorts
//! positions with one comparator type that is not generic, then moves the items once, so every
//! caller shares one sort. It is slower than a direct sort: not for hot paths (search keeps its
//! own sort of hits, which runs on every keystroke).

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal items keep their order), like
/// [`slice::sort_by`], with one shared copy of the sort (see the module docs).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions `0..len` sorted by `compare`, stably. Not generic, and never inlined: the one
/// sort every [`sort_by`] calls.
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|&a, &b| compare(a, b));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        for len in [0usize, 1, 2, 3, 20, 21, 200, 1000] {
            // Keys with many repeats, each item tagged with its first position.
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| ((i as u64).wrapping_mul(2_654_435_761) % 17, i))
                .collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std_sorted = items;
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "len {len}");
        }
    }

    #[test]
    fn keeps_equal_items_in_their_order_and_sorts_owned_values() {
        let mut words: Vec<String> = ["bb", "a", "cc", "b", "aa"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| a.len().cmp(&b.len()));
        assert_eq!(words, ["a", "b", "bb", "cc", "aa"]);
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["cc", "bb", "b", "aa", "a"]);
    }
}
