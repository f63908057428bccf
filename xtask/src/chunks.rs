//! Which of the wasm splitter's shared chunks to merge.
//!
//! The splitter puts each function in a chunk named by the exact set of parts that need it. The
//! app's dozen parts share code in many combinations, so the draft page's part came in 41 files,
//! most under 1 KB brotli: each a request (through the service worker), a compile and an
//! instantiation. Moving a chunk's code into a chunk loaded by more parts is safe (the vendored
//! splitter checks that each new set contains the old, see
//! `vendor/wasm_split_cli_support/src/merge.rs`); the price is bytes that some parts download
//! without running. [`plan`] decides which merges are worth it.

use std::collections::{BTreeMap, BTreeSet};

/// A set of parts (the splitter's name for a shared chunk).
pub type Parts = BTreeSet<String>;

/// Shared chunks with less code than this (bytes of function bodies, before wasm-opt) are merged
/// with another chunk when that adds at most as many bytes to other parts' downloads.
///
/// 8 KB measured best of 8 and 16 KB (`node e2e/bench/parts.mjs`): the draft page's part went
/// from 40 files and 128.5 KB brotli to 13 files and 124.9 KB, and no part grew by more than
/// 3.3 KB; 16 KB gave the draft page 9 files and 122.3 KB, but the drafts list 10 KB more.
pub const MIN_CHUNK_SIZE: usize = 8 * 1024;

/// Plans the merges, greedily: the smallest chunk under `min_size` first, with the chunk whose
/// merge adds the fewest bytes to other parts' downloads (each chunk's bytes times the parts
/// that would newly download them), if that is at most `min_size`. Merged chunks are considered
/// again by their new size. Returns, for each chunk of `sizes`, the set its code goes to (a
/// superset of its own; itself when it stays).
pub fn plan(sizes: &BTreeMap<Parts, usize>, min_size: usize) -> BTreeMap<Parts, Parts> {
    // Each chunk of the plan: its size and the chunks of `sizes` merged into it.
    let mut groups: BTreeMap<Parts, (usize, Vec<Parts>)> = sizes
        .iter()
        .map(|(parts, size)| (parts.clone(), (*size, vec![parts.clone()])))
        .collect();
    // Small chunks no merge is cheap enough for.
    let mut stuck = BTreeSet::new();
    loop {
        let smallest = groups
            .iter()
            .filter(|(parts, (size, _))| *size < min_size && !stuck.contains(*parts))
            .min_by_key(|(parts, (size, _))| (*size, (*parts).clone()))
            .map(|(parts, (size, _))| (parts.clone(), *size));
        let Some((small, small_size)) = smallest else {
            break;
        };
        let cost = |other: &Parts, other_size: usize| {
            small_size * other.difference(&small).count()
                + other_size * small.difference(other).count()
        };
        let partner = groups
            .iter()
            .filter(|(parts, _)| **parts != small)
            .map(|(parts, (size, _))| (cost(parts, *size), parts.clone()))
            .min()
            .filter(|(cost, _)| *cost <= min_size);
        let Some((_, partner)) = partner else {
            stuck.insert(small);
            continue;
        };
        let merged: Parts = small.union(&partner).cloned().collect();
        let mut into = (0, Vec::new());
        for parts in [&small, &partner, &merged] {
            if let Some((size, members)) = groups.remove(parts) {
                into.0 += size;
                into.1.extend(members);
            }
        }
        stuck.remove(&merged);
        groups.insert(merged, into);
    }
    let moves: BTreeMap<Parts, Parts> = groups
        .into_iter()
        .flat_map(|(target, (_, members))| {
            members
                .into_iter()
                .map(move |member| (member, target.clone()))
        })
        .collect();
    settle(moves)
}

/// A merge can make a set that is also a chunk of `sizes` already merged into a bigger one: its
/// members would go to a chunk that itself moves on. They follow it to where it ends (a superset
/// of a superset), so every target stays put.
fn settle(moves: BTreeMap<Parts, Parts>) -> BTreeMap<Parts, Parts> {
    moves
        .keys()
        .map(|from| {
            let mut to = &moves[from];
            // Each step goes to a strictly bigger set, so this ends.
            while let Some(next) = moves.get(to).filter(|next| *next != to) {
                to = next;
            }
            (from.clone(), to.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(names: &str) -> Parts {
        names.split(',').map(str::to_owned).collect()
    }

    fn sizes(chunks: &[(&str, usize)]) -> BTreeMap<Parts, usize> {
        chunks.iter().map(|(p, s)| (parts(p), *s)).collect()
    }

    #[test]
    fn a_tiny_chunk_goes_into_its_cheapest_superset() {
        let plan = plan(
            &sizes(&[("a,b", 100), ("a,b,c", 20_000), ("a,b,d,e", 20_000)]),
            8192,
        );
        assert_eq!(
            plan[&parts("a,b")],
            parts("a,b,c"),
            "100 bytes to c, not to d and e"
        );
        assert_eq!(plan[&parts("a,b,c")], parts("a,b,c"));
        assert_eq!(plan[&parts("a,b,d,e")], parts("a,b,d,e"));
    }

    #[test]
    fn tiny_chunks_merge_with_each_other() {
        let plan = plan(&sizes(&[("a,b", 100), ("a,c", 200)]), 8192);
        assert_eq!(plan[&parts("a,b")], parts("a,b,c"));
        assert_eq!(plan[&parts("a,c")], parts("a,b,c"));
    }

    #[test]
    fn chunks_at_the_minimum_and_costly_merges_stay() {
        let big = sizes(&[("a,b", 8192), ("a,c", 30_000)]);
        assert!(plan(&big, 8192).iter().all(|(from, to)| from == to));
        // Merging would make c and d download 5 KB each, and a and b 5 KB each: 20 KB.
        let apart = sizes(&[("a,b", 5000), ("c,d", 5000)]);
        assert!(plan(&apart, 8192).iter().all(|(from, to)| from == to));
    }

    #[test]
    fn a_merge_into_a_set_that_already_moved_on_follows_it() {
        // {a,b,c} goes into {a,b,c,d,e} first (20 bytes); then {b,c} and {a,b} merge into
        // {a,b,c} (7,000 bytes; 9,000 into {a,b,c,d,e} is too many), a set that has moved on,
        // and the merged 7,000 bytes stay there (14,000 into {a,b,c,d,e}).
        let plan = plan(
            &sizes(&[
                ("a,b,c", 10),
                ("a,b,c,d,e", 20_000),
                ("b,c", 3000),
                ("a,b", 4000),
            ]),
            8192,
        );
        for (from, to) in &plan {
            assert!(to.is_superset(from), "{from:?} -> {to:?}");
            assert_eq!(plan.get(to), Some(to), "{from:?} -> {to:?}, which moves on");
        }
        assert_eq!(plan[&parts("b,c")], parts("a,b,c,d,e"));
    }

    /// The app's shared chunks before merging (parts, bytes of code), from the build of 2026-11-30.
    const APP: &[(&str, usize)] = &[
        (
            "commune_stats,draft,drafts,new_draft,outbox,rating_form,stats,track",
            0,
        ),
        ("commune_stats,draft,drafts,outbox", 289),
        ("commune_stats,draft,drafts,outbox,stats,track", 458),
        ("commune_stats,draft,new_draft,outbox", 266),
        ("commune_stats,draft,rating_form,stats", 86),
        ("commune_stats,draft,rating_form,stats,track_form", 86),
        ("commune_stats,draft,stats", 20),
        ("commune_stats,draft,track", 404),
        ("commune_stats,outbox,rating_form,stats,track", 0),
        ("commune_stats,outbox,stats", 59),
        ("commune_stats,outbox,stats,track", 1426),
        ("commune_stats,rate", 388),
        ("commune_stats,rate,stats,track", 52),
        ("commune_stats,stats", 60885),
        ("commune_stats,stats,track", 388),
        ("commune_stats,track", 413),
        ("draft,drafts", 3665),
        ("draft,drafts,new_draft", 0),
        ("draft,drafts,new_draft,outbox", 1138),
        ("draft,drafts,new_draft,outbox,rating_form", 349),
        ("draft,drafts,new_draft,outbox,rating_form,track", 164),
        ("draft,drafts,new_draft,outbox,track", 0),
        ("draft,drafts,outbox", 61066),
        ("draft,drafts,outbox,rating_form", 550),
        ("draft,drafts,outbox,track", 8951),
        ("draft,drafts,outbox,track_form,track", 705),
        ("draft,drafts,rating_form", 380),
        ("draft,drafts,rating_form,track", 23),
        ("draft,new_draft", 171),
        ("draft,new_draft,outbox", 15583),
        ("draft,new_draft,outbox,rating_form", 1834),
        ("draft,new_draft,outbox,rating_form,track", 941),
        ("draft,new_draft,outbox,track", 153),
        ("draft,new_draft,rating_form", 143),
        ("draft,outbox", 12767),
        ("draft,outbox,rating_form", 9346),
        ("draft,rate", 18),
        ("draft,rating_form", 25543),
        ("draft,rating_form,scan", 2366),
        ("draft,rating_form,scan,track_form", 2729),
        ("draft,rating_form,track_form", 543),
        ("draft,scan", 942),
        ("draft,scan,search_index", 43),
        ("draft,scan,track_form", 340),
        ("draft,search_index", 154),
        ("draft,track", 5904),
        ("draft,track_form", 0),
        ("drafts,outbox", 60),
        ("drafts,scan", 31),
        ("drafts,track", 52),
        ("new_draft,rating_form", 845),
        ("outbox,rating_form", 7765),
        ("outbox,rating_form,scan", 77),
        ("outbox,rating_form,track", 300),
        ("outbox,track", 21102),
        ("outbox,track_form,track", 0),
        ("rate,rating_form", 924),
        ("rating_form,scan", 692),
        ("rating_form,scan,track_form", 80),
        ("scan,search_index", 30),
        ("scan,track_form", 791),
        ("track_form,track", 0),
    ];

    /// The parts `plan` makes `part` download: (chunks, bytes of code).
    fn load(plan: &BTreeMap<Parts, Parts>, part: &str) -> (usize, usize) {
        let app = sizes(APP);
        let mut targets = BTreeMap::<&Parts, usize>::new();
        for (from, to) in plan {
            if to.contains(part) {
                *targets.entry(to).or_default() += app[from];
            }
        }
        (targets.len(), targets.values().sum())
    }

    #[test]
    fn the_apps_chunks_become_few_and_every_chunk_goes_to_a_superset_that_stays_put() {
        let app = sizes(APP);
        let unmerged: BTreeMap<Parts, Parts> = app.keys().map(|p| (p.clone(), p.clone())).collect();
        let plan = plan(&app, MIN_CHUNK_SIZE);
        assert_eq!(plan.len(), app.len(), "every chunk has a place");
        for (from, to) in &plan {
            assert!(to.is_superset(from), "{from:?} -> {to:?}");
            assert!(
                plan.get(to).is_none_or(|next| next == to),
                "{to:?} moves on"
            );
        }
        let (before, before_bytes) = load(&unmerged, "draft");
        let (after, after_bytes) = load(&plan, "draft");
        assert_eq!(before, 39);
        assert!(after <= 13, "the draft page loads {after} chunks");
        let names = [
            "draft",
            "drafts",
            "new_draft",
            "outbox",
            "rating_form",
            "stats",
            "commune_stats",
            "track",
            "track_form",
            "scan",
            "rate",
            "search_index",
        ];
        for part in names {
            let (_, before) = load(&unmerged, part);
            let (_, after) = load(&plan, part);
            assert!(
                after - before <= 16 * 1024,
                "{part}: {before} -> {after} bytes"
            );
        }
        assert!(after_bytes - before_bytes <= 16 * 1024);
    }
}
