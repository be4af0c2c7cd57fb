//! Excel mode (`--excel`): tables continue in numbered parts past Excel's
//! row limit, and cells past its cell limit are cut (see
//! [`super::safe_cell`]).

use std::io::Write;

use super::tables::{Table, Tables};
use crate::error::{Error, Result};

/// Excel's most characters in a cell.
pub const EXCEL_MAX_CELL: usize = 32_767;
/// Excel's most rows in a sheet, header included.
pub const EXCEL_MAX_ROWS: u64 = 1_048_576;
/// What ends a cell cut at Excel's limit.
pub const CUT_MARKER: &str = "…[cut]";

/// The length of the first `max` CSV records of `bytes` (a record ends at
/// a line break outside quotes) and how many records that is.
pub(super) fn record_prefix(bytes: &[u8], max: u64) -> (usize, u64) {
    let mut quoted = false;
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                n += 1;
                if n == max {
                    return (i + 1, n);
                }
            }
            _ => {}
        }
    }
    (bytes.len(), n)
}

impl Tables {
    /// Appends `rows` rows (`bytes`) to table `i`, starting a new part
    /// first when they would not fit in the current one. Parts break
    /// between articles; only an article too big for a part of its own is
    /// cut between its rows.
    pub(super) fn append_excel(&mut self, i: usize, bytes: &[u8], rows: u64) -> Result<()> {
        if self.tables[i].rows + rows > EXCEL_MAX_ROWS {
            if rows >= EXCEL_MAX_ROWS {
                return self.append_in_parts(i, bytes);
            }
            self.next_part(i)?;
        }
        self.tables[i].append(bytes, rows)
    }

    /// Appends rows that do not fit in the current part of table `i`,
    /// filling it up and going on in new parts. One article may need
    /// several parts, so its rows are cut at record boundaries.
    fn append_in_parts(&mut self, i: usize, bytes: &[u8]) -> Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            let room = EXCEL_MAX_ROWS.saturating_sub(self.tables[i].rows);
            if room == 0 {
                self.next_part(i)?;
                continue;
            }
            let (cut, n) = record_prefix(rest, room);
            self.tables[i].append(&rest[..cut], n)?;
            rest = &rest[cut..];
        }
        Ok(())
    }

    /// Closes the current part of table `i` and opens the next.
    fn next_part(&mut self, i: usize) -> Result<()> {
        let (name, header, part) = {
            let t = &self.tables[i];
            (t.name, t.header, t.part + 1)
        };
        let mut next = Table::open(&self.dir, name, header, part, self.opts)?;
        next.writeback = self.tables[i].writeback.clone();
        let mut done = std::mem::replace(&mut self.tables[i], next);
        done.w.flush().map_err(|e| Error::io(&done.tmp, e))?;
        self.notes.push(format!(
            "{name} has over {EXCEL_MAX_ROWS} rows, more than Excel opens: continued in part {part}"
        ));
        self.parts.push((done.tmp.clone(), done.dest.clone()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_prefix_respects_quotes() {
        let rows = b"a,b\n\"x\ny\",c\nd,e\n";
        for (max, want) in [(1, (4, 1)), (2, (12, 2)), (9, (rows.len(), 3))] {
            assert_eq!(record_prefix(rows, max), want, "{max}");
        }
    }
}
