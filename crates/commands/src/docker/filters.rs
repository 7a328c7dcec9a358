//! `--filter key=value` as docker/cli collects it (`opts.FilterOpt`) and the
//! daemon matches it (moby `daemon/internal/filters/parse.go` `Args`): values
//! of one key are a set, and any one of them matching keeps the object
//! (`Match`, `ExactMatch`, `FuzzyMatch`), except `label`, where every value
//! must match (`MatchKVList`). `Match` tries the exact string, then the value
//! as a Go regular expression.

use crate::flags::CommandSpec;
use crate::output::Output;
use bridgeport_golib::sorted_map::SortedMap;

/// The filters of one command line: each key with its distinct values.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Filters {
    fields: Vec<(String, Vec<String>)>,
}

impl Filters {
    /// `opts.FilterOpt.Set` for each `--filter` value: `name=value`, the name
    /// lowercased and both trimmed; an empty value string is ignored.
    pub fn parse(values: &[&str]) -> Result<Filters, String> {
        let mut f = Filters::default();
        for raw in values {
            if raw.is_empty() {
                continue;
            }
            let Some((k, v)) = raw.split_once('=') else {
                return Err(format!(
                    "invalid argument \"{raw}\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"
                ));
            };
            f.add(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
        Ok(f)
    }

    /// Parses the `--filter` values of a command, or the flag error pflag prints (exit 125).
    pub fn from_flag(spec: &CommandSpec, values: &[&str]) -> Result<Filters, Output> {
        Filters::parse(values).map_err(|e| super::usage_error(spec, &e))
    }

    fn add(&mut self, key: String, value: String) {
        match self.fields.iter_mut().find(|(k, _)| *k == key) {
            Some((_, vs)) => {
                if !vs.contains(&value) {
                    vs.push(value);
                }
            }
            None => self.fields.push((key, vec![value])),
        }
    }

    /// `Args.Validate`: the daemon's `invalid filter 'key'` for a key it does not know.
    pub fn validate(&self, accepted: &[&str]) -> Result<(), String> {
        match self
            .fields
            .iter()
            .find(|(k, _)| !accepted.contains(&k.as_str()))
        {
            Some((k, _)) => Err(format!("invalid filter '{k}'")),
            None => Ok(()),
        }
    }

    pub fn get(&self, key: &str) -> &[String] {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    pub fn contains(&self, key: &str) -> bool {
        !self.get(key).is_empty()
    }

    /// `Args.ExactMatch`: no values, or one equal to `source`.
    pub fn exact_match(&self, key: &str, source: &str) -> bool {
        let vs = self.get(key);
        vs.is_empty() || vs.iter().any(|v| v == source)
    }

    /// `Args.Match`: no values, or one equal to `source` or matching it as a regular expression.
    pub fn matches(&self, key: &str, source: &str) -> bool {
        let vs = self.get(key);
        vs.is_empty() || vs.iter().any(|v| v == source || regex_match(v, source))
    }

    /// `Args.FuzzyMatch`: no values, or one equal to `source` or a prefix of it.
    pub fn fuzzy_match(&self, key: &str, source: &str) -> bool {
        let vs = self.get(key);
        vs.is_empty() || vs.iter().any(|v| source.starts_with(v.as_str()))
    }

    /// `Args.MatchKVList`: every `k` or `k=v` value is among the labels.
    pub fn match_kv_list(&self, key: &str, labels: &SortedMap<String, String>) -> bool {
        let vs = self.get(key);
        if vs.is_empty() {
            return true;
        }
        vs.iter().all(|v| match v.split_once('=') {
            Some((k, want)) => labels.get(k).is_some_and(|got| got == want),
            None => labels.contains_key(v.as_str()),
        })
    }
}

/// Go's `regexp.MatchString` for the patterns people write in filters: an
/// unanchored search with `^`, `$`, `.`, `*`, `+`, `?`, `\` escapes and
/// `[...]` classes. A pattern using groups, alternation or counted
/// repetition, which this matcher does not implement, matches only as a
/// literal substring; an invalid pattern matches nothing (Go skips it).
pub fn regex_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    if p.iter().any(|c| matches!(c, '(' | ')' | '|' | '{' | '}')) {
        return text.contains(pattern);
    }
    let Some(atoms) = compile(&p) else {
        return false;
    };
    let (anchored, atoms) = match atoms.first() {
        Some(Atom::Start) => (true, &atoms[1..]),
        _ => (false, &atoms[..]),
    };
    let mut budget = 100_000u32;
    if anchored {
        return match_here(atoms, &t, &mut budget);
    }
    (0..=t.len()).any(|i| match_here(atoms, &t[i..], &mut budget))
}

#[derive(Debug, Clone)]
enum Atom {
    Start,
    End,
    /// One character test, with its repetition: (min, max) with max None = unbounded.
    One(CharTest, u8, Option<u8>),
}

#[derive(Debug, Clone)]
enum CharTest {
    Any,
    Lit(char),
    Class(bool, Vec<(char, char)>),
}

impl CharTest {
    fn test(&self, c: char) -> bool {
        match self {
            CharTest::Any => c != '\n',
            CharTest::Lit(l) => *l == c,
            CharTest::Class(neg, ranges) => {
                ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)) != *neg
            }
        }
    }
}

fn compile(p: &[char]) -> Option<Vec<Atom>> {
    let mut atoms = Vec::new();
    let mut i = 0;
    while i < p.len() {
        let test = match p[i] {
            '^' if i == 0 => {
                atoms.push(Atom::Start);
                i += 1;
                continue;
            }
            '$' if i + 1 == p.len() => {
                atoms.push(Atom::End);
                i += 1;
                continue;
            }
            '.' => CharTest::Any,
            '\\' => {
                i += 1;
                CharTest::Lit(*p.get(i)?)
            }
            '[' => {
                let mut j = i + 1;
                let neg = p.get(j) == Some(&'^');
                if neg {
                    j += 1;
                }
                let mut ranges = Vec::new();
                let mut first = true;
                while j < p.len() && (p[j] != ']' || first) {
                    first = false;
                    let a = p[j];
                    if p.get(j + 1) == Some(&'-') && p.get(j + 2).is_some_and(|c| *c != ']') {
                        ranges.push((a, p[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((a, a));
                        j += 1;
                    }
                }
                if j >= p.len() {
                    return None; // missing closing ]
                }
                i = j;
                CharTest::Class(neg, ranges)
            }
            '*' | '+' | '?' => return None, // missing argument to repetition operator
            c => CharTest::Lit(c),
        };
        i += 1;
        let (min, max) = match p.get(i) {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            _ => (1, Some(1)),
        };
        if min != 1 || max != Some(1) {
            i += 1;
        }
        atoms.push(Atom::One(test, min, max));
    }
    Some(atoms)
}

fn match_here(atoms: &[Atom], t: &[char], budget: &mut u32) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match atoms.first() {
        None => true,
        Some(Atom::End) => t.is_empty(),
        Some(Atom::Start) => false,
        Some(Atom::One(test, min, max)) => {
            let mut n = 0usize;
            let limit = max.map_or(usize::MAX, usize::from);
            while n < t.len() && n < limit && test.test(t[n]) {
                n += 1;
            }
            // Greedy, backing off to the minimum.
            loop {
                if n < usize::from(*min) {
                    return false;
                }
                if match_here(&atoms[1..], &t[n..], budget) {
                    return true;
                }
                if n == 0 {
                    return false;
                }
                n -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_subset_matches_as_go_does() {
        // (pattern, text, Go's regexp.MatchString)
        let cases = [
            ("web", "my-web-1", true),
            ("^web$", "web", true),
            ("^web$", "web2", false),
            ("^web", "webapp", true),
            ("app$", "webapp", true),
            ("w.b", "wxb", true),
            ("we*b", "wb", true),
            ("we+b", "wb", false),
            ("colou?r", "color", true),
            ("^db[0-9]$", "db1", true),
            ("^db[^0-9]$", "db1", false),
            ("a\\.b", "axb", false),
            ("*", "x", false),
            ("[abc", "a", false),
        ];
        for (p, t, want) in cases {
            assert_eq!(regex_match(p, t), want, "{p} on {t}");
        }
    }

    #[test]
    fn one_key_ors_labels_and() {
        let f = Filters::parse(&["name=a", "NAME = b", "label=x", "label=y=1"]).unwrap();
        assert!(f.matches("name", "a") && f.matches("name", "b") && !f.matches("name", "c"));
        let mut l = SortedMap::new();
        l.insert("x".to_string(), String::new());
        assert!(!f.match_kv_list("label", &l));
        l.insert("y".to_string(), "1".to_string());
        assert!(f.match_kv_list("label", &l));
        assert!(Filters::parse(&["nope"])
            .unwrap_err()
            .contains("bad format of filter"));
    }
}
