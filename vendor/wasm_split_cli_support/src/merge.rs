//! Regrouping shared chunks (an addition of the motcua project to this vendored copy).
//!
//! Upstream puts every function in the module of the exact set of splits that need it. With a
//! dozen splits that share code in many combinations, a split then loads dozens of chunks, most
//! of a few hundred bytes: each one a fetch, a compile and an instantiation of its own.
//!
//! Moving code into a chunk loaded by *more* splits is always safe here: functions of other
//! modules are called through the shared indirect function table (never imported at
//! instantiation), and a split loads every chunk whose set names it before it runs. So the code
//! of chunk `S` may go to any chunk `T ⊇ S`; the price is that the splits of `T \ S` download it
//! too. [`regroup_chunks`] asks [`crate::Options::regroup_chunks`] for the new sets and checks
//! that each contains the old one.

use std::collections::HashMap;

use eyre::{bail, Result};

use crate::dep_graph::DepNode;
use crate::read::InputModule;
use crate::split_point::{OutputModuleInfo, SplitModuleIdentifier};
use crate::{ChunkRegrouping, ChunkSizes};

/// Moves each chunk's symbols to the chunk `regroup` names for its set (see the module docs).
/// Splits and the main module are never changed.
pub(crate) fn regroup_chunks(
    modules: &mut HashMap<SplitModuleIdentifier, OutputModuleInfo>,
    input: &InputModule,
    regroup: &ChunkRegrouping,
) -> Result<()> {
    let code_size = |info: &OutputModuleInfo| -> usize {
        info.included_symbols
            .iter()
            .map(|symbol| match symbol {
                DepNode::Function(id) => id
                    .checked_sub(input.imported_funcs.len())
                    .and_then(|defined| input.defined_funcs.get(defined))
                    .map_or(0, |func| {
                        let range = func.body.range();
                        usize::try_from(range.end - range.start).unwrap_or(usize::MAX)
                    }),
                _ => 0,
            })
            .sum()
    };
    let sizes: ChunkSizes = modules
        .iter()
        .filter_map(|(id, info)| match id {
            SplitModuleIdentifier::Chunk(set) => Some((set.clone(), code_size(info))),
            _ => None,
        })
        .collect();
    let plan = regroup(&sizes);
    for (from, to) in &plan {
        let settled = plan.get(to).is_none_or(|next| next == to);
        if !sizes.contains_key(from) || !to.is_superset(from) || to.len() < 2 || !settled {
            bail!("regrouping chunk {from:?} into {to:?}: not a chunk, not a superset of it, or a chunk that moves on");
        }
    }
    for (from, to) in plan {
        if from == to {
            continue;
        }
        let Some(moved) = modules.remove(&SplitModuleIdentifier::Chunk(from)) else {
            continue;
        };
        modules
            .entry(SplitModuleIdentifier::Chunk(to))
            .or_default()
            .included_symbols
            .extend(moved.included_symbols);
    }
    Ok(())
}
