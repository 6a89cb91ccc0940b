//! The schedules of a plan: made comparable, paired (alike, by slug, then by the fewest
//! differences) and compared schedule by schedule.

use serde_json::{Map, Value};

use super::{change, compare, FieldChange};
use std::collections::HashMap;

use crate::history::{canonical, same_value};

/// Records how the schedules differ, schedule by schedule: those alike on both sides are no
/// change; the others are paired by slug, then each with the live schedule it differs from
/// least, and compared field by field under `schedules.N` (N: the planned schedule's place in
/// the file). A live schedule left unpaired goes (`schedules`, planned null); a planned one left
/// unpaired is new.
pub(super) fn compare_schedules(have: &Value, want: &Value, found: &mut Vec<FieldChange>) {
    let (Some(have), Some(want)) = (have.as_array(), want.as_array()) else {
        if !same_value(have, want) {
            found.push(change("schedules".into(), have, want));
        }
        return;
    };
    let paired = pair_schedules(have, want);
    for (i, w) in paired.new {
        found.push(change(format!("schedules.{i}"), &Value::Null, w));
    }
    for (i, h, w) in paired.pairs {
        compare(format!("schedules.{i}"), h, w, found);
    }
    for gone in paired.gone {
        found.push(change("schedules".into(), gone, &Value::Null));
    }
}

/// Two lists of schedules paired ([`pair_schedules`]).
pub(in crate::deploy) struct Paired<'a> {
    /// Each wanted schedule that differs from every live one, with its place and the live
    /// schedule it is paired with.
    pub(in crate::deploy) pairs: Vec<(usize, &'a Value, &'a Value)>,
    /// Wanted schedules with no live one left to pair with, and their places.
    pub(in crate::deploy) new: Vec<(usize, &'a Value)>,
    /// Live schedules paired with none.
    pub(in crate::deploy) gone: Vec<&'a Value>,
    /// Live schedules equal to a wanted one.
    pub(in crate::deploy) same: Vec<&'a Value>,
}

/// Pairs `want` with `have`: those alike on both sides first, then by slug, then each with the
/// live schedule it differs from least. Alike and by slug are found through maps, so a server
/// answering with thousands of schedules costs time in proportion, not its square.
pub(in crate::deploy) fn pair_schedules<'a>(have: &'a [Value], want: &'a [Value]) -> Paired<'a> {
    let mut alike: HashMap<String, Vec<usize>> = HashMap::new();
    for (at, h) in have.iter().enumerate().rev() {
        alike.entry(canonical(h)).or_default().push(at);
    }
    let mut taken = vec![false; have.len()];
    let mut unpaired: Vec<(usize, &Value)> = Vec::new();
    let mut same = Vec::new();
    for (i, w) in want.iter().enumerate() {
        match alike.get_mut(&canonical(w)).and_then(Vec::pop) {
            Some(at) => {
                taken[at] = true;
                same.push(&have[at]);
            }
            None => unpaired.push((i, w)),
        }
    }
    let slug = |v: &Value| v["slug"].as_str().map(str::to_owned);
    let mut by_slug: HashMap<String, Vec<usize>> = HashMap::new();
    for (at, h) in have.iter().enumerate().rev() {
        if let (false, Some(s)) = (taken[at], slug(h)) {
            by_slug.entry(s).or_default().push(at);
        }
    }
    let (mut pairs, mut new) = (Vec::new(), Vec::new());
    for (i, w) in unpaired {
        let named = slug(w).and_then(|s| {
            let places = by_slug.get_mut(&s)?;
            places.retain(|at| !taken[*at]);
            places.pop()
        });
        match named.or_else(|| closest(have, &taken, w)) {
            Some(at) => {
                taken[at] = true;
                pairs.push((i, &have[at], w));
            }
            None => new.push((i, w)),
        }
    }
    let gone = have
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(h, _)| h)
        .collect();
    Paired {
        pairs,
        new,
        gone,
        same,
    }
}

/// The place in `have` of the schedule not yet `taken` that differs least from `want` (the
/// first of those that differ alike). Past `SCHEDULES_MATCHED` schedules left, simply the
/// first of them: pairing is for people, and a server's answer can be as long as it likes.
fn closest(have: &[Value], taken: &[bool], want: &Value) -> Option<usize> {
    const SCHEDULES_MATCHED: usize = 50;
    let left: Vec<usize> = (0..have.len())
        .filter(|at| !taken[*at])
        .take(SCHEDULES_MATCHED + 1)
        .collect();
    if left.len() > SCHEDULES_MATCHED {
        return left.first().copied();
    }
    left.into_iter().min_by_key(|at| {
        let mut differences = Vec::new();
        compare(String::new(), &have[*at], want, &mut differences);
        differences.len()
    })
}

/// Schedules as comparable: each with the fields a project sets and no nulls. The anchor of
/// an interval is left out: a deploy sets it to the time of the deploy when the file gives
/// none, so it differs on every run.
pub(in crate::deploy) fn schedules(list: &Value) -> Value {
    const FIELDS: [&str; 5] = [
        "schedule",
        "active",
        "max_scheduled_runs",
        "parameters",
        "slug",
    ];
    let Value::Array(items) = list else {
        return list.clone();
    };
    let items: Vec<Value> = items
        .iter()
        .map(|item| {
            let mut kept = Map::new();
            for field in FIELDS {
                match item.get(field) {
                    None | Some(Value::Null) => {}
                    Some(Value::Object(schedule)) if field == "schedule" => {
                        let schedule: Map<String, Value> = schedule
                            .iter()
                            .filter(|(k, v)| *k != "anchor_date" && !v.is_null())
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect();
                        kept.insert(field.into(), Value::Object(schedule));
                    }
                    Some(v) => {
                        kept.insert(field.into(), v.clone());
                    }
                }
            }
            Value::Object(kept)
        })
        .collect();
    Value::Array(items)
}
