//! A bundle read again after its file changed (`site-gen serve`): the incidents whose text is
//! byte for byte what it was are taken from the last parse, and only the others are parsed. At
//! 10,000 incidents a whole parse is most of a rebuild; one new update changes one incident.
//!
//! The result is always what [`parse_bundle`](super::parse_bundle) gives for the new text
//! (tested): the same JSON text parses to the same incident, and whatever the walk below does
//! not understand (another version, a shape problem, keys twice) is parsed whole instead.

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::bundle::{as_current, Bundle};
use crate::model::Incident;

use super::parse::{parse_located, parse_typed_spans};
use super::{checked, checked_but, Problem};

/// A parsed bundle with the text it was parsed from.
#[derive(Debug)]
pub struct Parsed {
    text: String,
    /// Where each incident's text is in `text`, in the bundle's order; `None` when the bundle
    /// was migrated from an older version (its text says nothing about the incidents).
    spans: Option<Vec<Range<usize>>>,
    bundle: Bundle,
    /// Memory the next version's incidents are put in (the last version's list, emptied): at
    /// 10,000 incidents a new list is megabytes the system would have to hand out again.
    room: Vec<Incident>,
}

impl Parsed {
    /// Parses `text` whole, as [`parse_bundle`](super::parse_bundle) does.
    pub fn new(text: String) -> Result<Parsed, Vec<Problem>> {
        match parse_typed_spans(&text) {
            Some((bundle, spans)) => Ok(Parsed {
                bundle: checked(bundle)?,
                spans: Some(spans),
                text,
                room: Vec::new(),
            }),
            None => Ok(Parsed {
                bundle: parse_located(&text)?,
                spans: None,
                text,
                room: Vec::new(),
            }),
        }
    }

    pub fn bundle(&self) -> &Bundle {
        &self.bundle
    }

    /// How long its text is, in bytes.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The bundle of `text`, the next version of this one's file: incidents whose text did not
    /// change are taken from this parse.
    pub fn reparse(self, text: String) -> Result<Reparsed, Vec<Problem>> {
        let ends = Ends::of(self.text.as_bytes(), text.as_bytes());
        if ends.identical() {
            return Ok(Reparsed {
                reused: vec![true; self.bundle.incidents.len()],
                parsed: Parsed {
                    text,
                    spans: self.spans,
                    bundle: self.bundle,
                    room: self.room,
                },
                parsed_incidents: 0,
                old_text: self.text,
            });
        }
        let whole = |text: String, old_text: String| {
            Parsed::new(text).map(|parsed| Reparsed {
                parsed_incidents: parsed.bundle.incidents.len(),
                reused: Vec::new(),
                parsed,
                old_text,
            })
        };
        let Some(spans) = &self.spans else {
            return whole(text, self.text);
        };
        let mut old: Vec<Option<Incident>> = self.bundle.incidents.into_iter().map(Some).collect();
        let walked = Walk {
            old_text: &self.text,
            old_spans: spans,
            old: &mut old,
            ids: None,
            looked_for: 0,
            ends,
            room: self.room,
        }
        .bundle(&text);
        // The old list, emptied, is the next one's room (collected in place: the same memory).
        old.clear();
        let room: Vec<Incident> = old.into_iter().map_while(|i| i).collect();
        match walked {
            Some((bundle, spans, reused)) => Ok(Reparsed {
                parsed_incidents: reused.iter().filter(|r| !**r).count(),
                parsed: Parsed {
                    // An incident taken from the last parse passed its own checks then; with
                    // the same settings (all those checks read besides it) it passes again.
                    bundle: if bundle.settings == self.bundle.settings {
                        checked_but(bundle, &reused)?
                    } else {
                        checked(bundle)?
                    },
                    spans: Some(spans),
                    text,
                    room,
                },
                old_text: self.text,
                reused,
            }),
            None => whole(text, self.text),
        }
    }
}

/// What [`Parsed::reparse`] gives.
#[derive(Debug)]
pub struct Reparsed {
    pub parsed: Parsed,
    /// How many incidents were parsed again (every one, when the walk could not be used).
    pub parsed_incidents: usize,
    /// For each incident of the bundle, whether it was taken from the last parse: the same text
    /// as an incident of the same id there (empty when the text was parsed whole).
    pub reused: Vec<bool>,
    /// The old text, whose memory a caller may read the next version into.
    pub old_text: String,
}

/// The new text read against the old one.
struct Walk<'o> {
    old_text: &'o str,
    old_spans: &'o [Range<usize>],
    old: &'o mut Vec<Option<Incident>>,
    /// Each old incident's place by id, made once a few were looked for one by one.
    ids: Option<HashMap<String, usize>>,
    /// How many old incidents were looked for one by one.
    looked_for: usize,
    /// How much of the start and of the end of the text is the old text's.
    ends: Ends,
    /// Memory for the new list of incidents.
    room: Vec<Incident>,
}

/// How many bytes at the start and at the end of a new text are those of the old one (never
/// overlapping in either). The texts are compared in slices, on every core where there are
/// threads, wherever in the file the change is; an old incident inside either end is then known
/// to be the same without comparing its text again.
#[derive(Debug, Clone, Copy)]
struct Ends {
    old_len: usize,
    new_len: usize,
    prefix: usize,
    suffix: usize,
}

/// How long a slice of the texts one comparison takes.
const SLICE: usize = 1 << 20;

impl Ends {
    fn of(old: &[u8], new: &[u8]) -> Ends {
        Ends::in_slices(old, new, SLICE)
    }

    fn in_slices(old: &[u8], new: &[u8], slice: usize) -> Ends {
        let shortest = old.len().min(new.len());
        let slices = shortest.div_ceil(slice);
        // The first byte that differs in slice `n` (counted from the start), if one does.
        let from_start = |n: usize| {
            let r = n * slice..((n + 1) * slice).min(shortest);
            (old[r.clone()] != new[r.clone()]).then(|| {
                let at = old[r.clone()]
                    .iter()
                    .zip(&new[r.clone()])
                    .position(|(a, b)| a != b);
                r.start + at.unwrap_or(0)
            })
        };
        // How many bytes from the end are equal up to the first that differs in slice `n`
        // (counted from the end), if one does.
        let from_end = |n: usize| {
            let r = n * slice..((n + 1) * slice).min(shortest);
            let o = &old[old.len() - r.end..old.len() - r.start];
            let w = &new[new.len() - r.end..new.len() - r.start];
            (o != w).then(|| {
                let at = o.iter().rev().zip(w.iter().rev()).position(|(a, b)| a != b);
                r.start + at.unwrap_or(0)
            })
        };
        #[cfg(feature = "parallel")]
        let (prefix, suffix) = {
            use rayon::prelude::*;
            rayon::join(
                || (0..slices).into_par_iter().find_map_first(from_start),
                || (0..slices).into_par_iter().find_map_first(from_end),
            )
        };
        #[cfg(not(feature = "parallel"))]
        let (prefix, suffix) = (
            (0..slices).find_map(from_start),
            (0..slices).find_map(from_end),
        );
        let prefix = prefix.unwrap_or(shortest);
        let suffix = suffix.unwrap_or(shortest).min(shortest - prefix);
        Ends {
            old_len: old.len(),
            new_len: new.len(),
            prefix,
            suffix,
        }
    }

    /// The texts are the same.
    fn identical(&self) -> bool {
        self.old_len == self.new_len && self.prefix == self.old_len
    }

    /// The old text's bytes `old` are at `new_start` in the new text, as far as the ends say.
    fn same(&self, old: &Range<usize>, new_start: usize) -> bool {
        let in_prefix = new_start == old.start && old.end <= self.prefix;
        let in_suffix = old.start >= self.old_len - self.suffix
            && new_start == self.new_len - (self.old_len - old.start);
        in_prefix || in_suffix
    }
}

/// A position in the new text.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn space(&mut self) {
        let bytes = self.text.as_bytes();
        while matches!(bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// The next byte after any white space, consumed.
    fn next(&mut self) -> Option<u8> {
        self.space();
        let b = *self.text.as_bytes().get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.text.as_bytes().get(self.pos).copied()
    }

    /// One JSON value, read as `T`.
    fn value<T: Deserialize<'a>>(&mut self) -> Option<T> {
        self.space();
        let rest = self.text.get(self.pos..)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        let value = values.next()?.ok()?;
        self.pos += values.byte_offset();
        Some(value)
    }
}

/// The top-level keys of a bundle other than `incidents`.
const FIELDS: [&str; 8] = [
    "format",
    "schema_version",
    "exported_at",
    "device_id",
    "sample",
    "settings",
    "maintenances",
    "tombstones",
];

/// How many old incidents past the expected one are tried before an incident is parsed.
const LOOK_AHEAD: usize = 16;
/// How many changed incidents are looked for among the old ones one by one before a map of
/// them all is made (a map of 10,000 ids costs what a few thousand comparisons do).
const SCANS: usize = 4;

/// The bundle, each incident's place in the text, and whether each was taken from the old parse.
type Walked = (Bundle, Vec<Range<usize>>, Vec<bool>);
/// The incidents, their places in the text, and whether each was taken from the old parse.
type Incidents = (Vec<Incident>, Vec<Range<usize>>, Vec<bool>);

impl Walk<'_> {
    /// The bundle of `text`, its incidents' places and which were taken from the old parse;
    /// `None` for anything a whole parse should read.
    fn bundle(mut self, text: &str) -> Option<Walked> {
        let mut c = Cursor { text, pos: 0 };
        if c.next()? != b'{' {
            return None;
        }
        let mut fields: HashMap<&str, &RawValue> = HashMap::new();
        let mut incidents = None;
        if c.peek()? == b'}' {
            return None;
        }
        loop {
            let key: String = c.value()?;
            if c.next()? != b':' {
                return None;
            }
            if key == "incidents" {
                if incidents.is_some() {
                    return None;
                }
                incidents = Some(self.incidents(&mut c)?);
            } else if let Some(name) = FIELDS.iter().find(|f| **f == key) {
                if fields.insert(*name, c.value::<&RawValue>()?).is_some() {
                    return None;
                }
            } else {
                c.value::<serde::de::IgnoredAny>()?;
            }
            match c.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        c.space();
        if c.pos != text.len() {
            return None;
        }
        let (incidents, spans, reused) = incidents?;
        let field = |name: &str| fields.get(name).map(|raw| raw.get());
        fn read<'t, T: Deserialize<'t>>(raw: Option<&'t str>) -> Option<T> {
            serde_json::from_str(raw?).ok()
        }
        let bundle = Bundle {
            format: read(field("format"))?,
            schema_version: read(field("schema_version"))?,
            exported_at: read(field("exported_at"))?,
            device_id: read(field("device_id"))?,
            sample: match field("sample") {
                Some(raw) => serde_json::from_str(raw).ok()?,
                None => false,
            },
            settings: read(field("settings"))?,
            incidents,
            maintenances: read(field("maintenances"))?,
            tombstones: read(field("tombstones"))?,
        };
        as_current(bundle).map(|bundle| (bundle, spans, reused))
    }

    /// The incidents array: each incident whose text is the next old one's is taken from the
    /// old parse, any other is parsed.
    fn incidents(&mut self, c: &mut Cursor<'_>) -> Option<Incidents> {
        if c.next()? != b'[' {
            return None;
        }
        let mut incidents = std::mem::take(&mut self.room);
        incidents.clear();
        // Room for a few more (new incidents), so that the next list fits too.
        let need = self.old_spans.len() + 1;
        if incidents.capacity() < need {
            incidents.reserve_exact(need + need / 16);
        }
        let mut spans = Vec::with_capacity(self.old_spans.len() + 1);
        let mut reused = Vec::with_capacity(self.old_spans.len() + 1);
        if c.peek()? == b']' {
            c.pos += 1;
            return Some((incidents, spans, reused));
        }
        // The next old incident expected.
        let mut k = 0;
        let new = c.text.as_bytes();
        loop {
            c.space();
            let start = c.pos;
            // The next old one, or one a little further on (the ones between removed).
            let same = (k..(k + LOOK_AHEAD).min(self.old_spans.len())).find(|&j| {
                let r = &self.old_spans[j];
                self.ends.same(r, start)
                    || new.get(start..start + r.len()) == self.old_text.as_bytes().get(r.clone())
            });
            if let Some(j) = same {
                incidents.push(self.old.get_mut(j)?.take()?);
                c.pos += self.old_spans[j].len();
                k = j + 1;
                reused.push(true);
            } else {
                let incident: Incident = c.value()?;
                reused.push(false);
                // Changed, added, or the old ones before it removed: go on after its old self.
                if let Some(j) = self.old_place(&incident.id, k) {
                    k = k.max(j + 1);
                }
                incidents.push(incident);
            }
            spans.push(start..c.pos);
            match c.next()? {
                b',' => continue,
                b']' => break,
                _ => return None,
            }
        }
        Some((incidents, spans, reused))
    }

    /// Where the old incident `id` is: most often at `expected` (changed in place); else looked
    /// for one by one the first few times (a new incident is not there at all), then in a map
    /// of every id.
    fn old_place(&mut self, id: &str, expected: usize) -> Option<usize> {
        if self
            .old
            .get(expected)
            .and_then(Option::as_ref)
            .is_some_and(|i| i.id == id)
        {
            return Some(expected);
        }
        if self.looked_for < SCANS {
            self.looked_for += 1;
            return self
                .old
                .iter()
                .position(|i| i.as_ref().is_some_and(|i| i.id == id));
        }
        self.ids().get(id).copied()
    }

    fn ids(&mut self) -> &HashMap<String, usize> {
        let old = &*self.old;
        self.ids.get_or_insert_with(|| {
            old.iter()
                .enumerate()
                .filter_map(|(n, i)| i.as_ref().map(|i| (i.id.clone(), n)))
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Ends;

    /// What `Ends` must find, byte by byte.
    fn naive(old: &[u8], new: &[u8]) -> (usize, usize) {
        let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take_while(|(a, b)| a == b)
            .count()
            .min(old.len().min(new.len()) - prefix);
        (prefix, suffix)
    }

    #[test]
    fn the_ends_are_found_wherever_the_change_is() {
        let old: Vec<u8> = (0..200u32).map(|n| (n * 7 % 13) as u8).collect();
        let mut cases: Vec<Vec<u8>> = vec![old.clone(), Vec::new(), old[..1].to_vec()];
        for at in [0, 1, 5, 6, 7, 50, 99, 100, 101, 150, 199, 200] {
            // A byte changed, added, removed, and a run added, at `at`.
            let mut v = old.clone();
            if let Some(b) = v.get_mut(at) {
                *b = 99;
                cases.push(v.clone());
            }
            let mut v = old.clone();
            v.insert(at, 99);
            cases.push(v);
            let mut v = old.clone();
            if at < v.len() {
                v.remove(at);
                cases.push(v);
            }
            let mut v = old.clone();
            v.splice(at..at, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            cases.push(v);
            // The same bytes repeated at the join (the ends must not overlap).
            let mut v = old.clone();
            v.splice(at..at, old[at.saturating_sub(3)..at].to_vec());
            cases.push(v);
        }
        for new in &cases {
            for slice in [1, 2, 7, 64, 1 << 20] {
                for (a, b) in [(&old, new), (new, &old)] {
                    let ends = Ends::in_slices(a, b, slice);
                    assert_eq!(
                        (ends.prefix, ends.suffix),
                        naive(a, b),
                        "slice {slice}, {} to {} bytes",
                        a.len(),
                        b.len()
                    );
                    assert_eq!(ends.identical(), a == b);
                }
            }
        }
    }

    #[test]
    fn an_old_span_is_the_same_only_at_its_place_in_an_end() {
        let old = b"[aaa,bbb,ccc,ddd]";
        let new = b"[aaa,bXb,ccc,ddd,eee]";
        let ends = Ends::of(old, new);
        // In the start, at its own place.
        assert!(ends.same(&(1..4), 1));
        assert!(!ends.same(&(1..4), 2));
        // Across the change.
        assert!(!ends.same(&(5..8), 5));
        // `ddd]` is not the new end: the end is `eee]`, so nothing after the change is known.
        assert!(!ends.same(&(13..16), 13));
        let new = b"[aaa,bbb,cXXc,ddd]";
        let ends = Ends::of(old, new);
        // In the end, moved by what was added.
        assert!(ends.same(&(13..16), 14));
        assert!(!ends.same(&(13..16), 13));
        assert!(!ends.same(&(9..12), 9));
    }
}
