//! Typo tolerance: how many edits a word of a given length may carry, and a bounded
//! Damerau (optimal string alignment) distance, so "sihn" finds "sinh".

/// Edits allowed in a typed word of `len` letters: none up to 3, one up to 7, two beyond.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Longest word compared (longer words are compared on their first `MAX` bytes).
const MAX: usize = 32;

/// The optimal string alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of neighbours), or `None` as soon as it must exceed `limit`.
pub fn distance_within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    let (a, b) = (&a[..a.len().min(MAX)], &b[..b.len().min(MAX)]);
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the dynamic programme, on the stack.
    let mut before = [0usize; MAX + 1];
    let mut prev = [0usize; MAX + 1];
    let mut cur = [0usize; MAX + 1];
    for (j, slot) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *slot = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return None;
        }
        before = prev;
        prev = cur;
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damerau_swaps_cost_one() {
        assert_eq!(distance_within(b"sihn", b"sinh", 1), Some(1));
        assert_eq!(distance_within(b"khia", b"khai", 1), Some(1));
        assert_eq!(distance_within(b"kethon", b"ketohn", 1), Some(1));
        assert_eq!(distance_within(b"dnag", b"dang", 1), Some(1));
        assert_eq!(distance_within(b"abc", b"abc", 0), Some(0));
        assert_eq!(distance_within(b"abc", b"abd", 0), None);
        assert_eq!(distance_within(b"thuongtru", b"thuongtru", 2), Some(0));
        assert_eq!(distance_within(b"chungthuc", b"chungthucc", 1), Some(1));
        assert_eq!(distance_within(b"a", b"abcd", 2), None);
        assert_eq!(distance_within(b"kitten", b"sitting", 2), None);
        assert_eq!(distance_within(b"kitten", b"sitting", 3), Some(3));
    }

    #[test]
    fn edits_scale_with_length() {
        assert_eq!(max_edits(3), 0);
        assert_eq!(max_edits(4), 1);
        assert_eq!(max_edits(7), 1);
        assert_eq!(max_edits(8), 2);
    }
}
