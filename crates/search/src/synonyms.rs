//! The curated table of everyday phrases (`data/synonyms.tsv`): what citizens say, and the
//! procedure codes they mean.

/// The table shipped with the crate.
pub const SYNONYMS_TSV: &str = include_str!("../data/synonyms.tsv");

/// One row: a phrase and the codes it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym<'a> {
    /// What people type, e.g. "giấy độc thân".
    pub phrase: &'a str,
    /// Procedure codes it means.
    pub codes: Vec<&'a str>,
}

/// The abbreviations of the table: rows whose second column is `=words` (`cccd`, `=căn cước công dân`),
/// as (abbreviation, what it stands for).
pub fn abbreviations(tsv: &str) -> Vec<(&str, &str)> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let short = cols.next()?.trim();
            let long = cols.next()?.trim().strip_prefix('=')?.trim();
            (!short.is_empty() && !long.is_empty()).then_some((short, long))
        })
        .collect()
}

/// Parses the table: `phrase<TAB>code[,code…]<TAB>lang<TAB>note`; `#` lines and blank lines are
/// comments. Rows without a phrase or a code are skipped.
pub fn parse(tsv: &str) -> Vec<Synonym<'_>> {
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let phrase = cols.next()?.trim();
            let codes: Vec<&str> = cols
                .next()?
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty() && !c.starts_with('='))
                .collect();
            (!phrase.is_empty() && !codes.is_empty()).then_some(Synonym { phrase, codes })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_skips_comments() {
        let rows = parse("# phrase\tcodes\n\ngiấy độc thân\t1.004873\tvi\tx\nsổ hộ khẩu\t1.004222, 1.010038\tvi\n");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].codes, ["1.004222", "1.010038"]);
        let abbr = abbreviations("cccd\t=căn cước công dân\tvi\ngiấy\t1.004873\n");
        assert_eq!(abbr, [("cccd", "căn cước công dân")]);
        assert_eq!(parse("cccd\t=căn cước công dân\tvi\n"), []);
    }

    #[test]
    fn shipped_table_is_well_formed() {
        let rows = parse(SYNONYMS_TSV);
        assert!(rows.len() >= 60, "{} rows", rows.len());
        for row in &rows {
            for code in &row.codes {
                assert!(
                    motcua_domain::ProcedureCode::parse(code).is_ok(),
                    "{code} in {row:?}"
                );
            }
        }
    }
}
