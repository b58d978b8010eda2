//! One sort for the whole workspace: every stable sort of ours goes through here.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each call site with its
//! own closure got its own copy of the standard library's sort (about 4.5 KB of wasm each; at
//! 62 call sites, 280 KB of the app's wasm before these helpers). Here the standard sort runs
//! once, on positions, comparing through a `dyn` closure; only the few lines that call it and
//! move the elements into place are per call site. Same order as `slice::sort_by` (stable; tested).
//! `clippy.toml` keeps the slice sorts out of the crates compiled to wasm.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`: what `v.sort_by(cmp)` does.
pub fn by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order = {
        let v: &[T] = v;
        positions(v.len(), &mut |i, j| cmp(&v[i], &v[j]))
    };
    permute(&mut order, &mut |i, j| v.swap(i, j));
}

/// Sorts `v` stably by `key`: what `v.sort_by_key(key)` does.
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)))
}

/// Sorts `v` in ascending order: what `v.sort()` does.
pub fn ascending<T: Ord>(v: &mut [T]) {
    by(v, T::cmp)
}

/// The positions `0..n` in the order `cmp` says (stable: equal ones keep their order).
#[allow(clippy::disallowed_methods)] // the one slice sort
fn positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| cmp(i, j));
    order
}

/// Puts into each place `k` the element that was at `order[k]`, by swaps along each cycle of the
/// permutation (`order` is used up).
fn permute(order: &mut [usize], swap: &mut dyn FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compared with the slice sorts
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency for a test).
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) % range
            })
            .collect()
    }

    #[test]
    fn sorts_as_the_standard_sort_does_ties_in_their_first_order() {
        for (seed, n, range) in [(1, 0, 5), (2, 1, 5), (3, 2, 2), (4, 17, 3), (5, 500, 40)] {
            // (key, original position): ties on the key show whether the order of equals holds.
            let items: Vec<(u64, usize)> = numbers(seed, n, range).into_iter().zip(0..).collect();
            let mut ours = items.clone();
            let mut theirs = items.clone();
            by_key(&mut ours, |x| x.0);
            theirs.sort_by_key(|x| x.0);
            assert_eq!(ours, theirs, "seed {seed}");
            let mut ours = items.clone();
            let mut theirs = items.clone();
            by(&mut ours, |a, b| b.0.cmp(&a.0));
            theirs.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(ours, theirs, "seed {seed}, descending");
            let mut ours = items.clone();
            let mut theirs = items;
            ascending(&mut ours);
            theirs.sort();
            assert_eq!(ours, theirs, "seed {seed}, ascending");
        }
    }

    #[test]
    fn moves_elements_that_are_not_copy() {
        let mut v: Vec<String> = ["pear", "apple", "fig", "apple", "kiwi"]
            .map(String::from)
            .to_vec();
        by_key(&mut v, |s| s.len());
        assert_eq!(v, ["fig", "pear", "kiwi", "apple", "apple"]);
    }
}
