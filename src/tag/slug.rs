//! Slugs: the stable ids of people found from context (`P~<slug>`), made
//! from the name alone, so the same name gets the same id in every article
//! and every run.

/// A stable slug of a name: `Hugh Hill` → `hugh_hill`, `José Núñez` →
/// `jose_nunez`. Letters outside Latin are kept, lower-cased.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    slug_into(&mut out, name);
    out
}

/// [`slug`] appended to `out` (which may hold a prefix: `_`s are trimmed
/// from the slug only).
pub(super) fn slug_into(out: &mut String, name: &str) {
    let base = out.len();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            // `fold` leaves ASCII alone; its lower case is ASCII's.
            out.push(c.to_ascii_lowercase());
        } else if let Some(f) = fold(c) {
            out.push_str(f);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if out.len() > base && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.len() > base && out.ends_with('_') {
        out.pop();
    }
}

/// Latin letters with diacritics, folded to ASCII.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' | 'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => "o",
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' => "y",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ź' | 'ž' | 'ż' | 'Ź' | 'Ž' | 'Ż' => "z",
        'ł' | 'Ł' => "l",
        'ř' | 'Ř' => "r",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'ğ' | 'Ğ' => "g",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        c if c.is_ascii_alphanumeric() => return None,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for (name, want) in [
            ("José Núñez", "jose_nunez"),
            ("Hugh  Hill", "hugh_hill"),
            ("Goran Ivanisevic", "goran_ivanisevic"),
            ("A. Sohail", "a_sohail"),
            ("Łukasz Żak-Œster", "lukasz_zak_oester"),
            ("金正恩", "金正恩"),
            (" -Kim- ", "kim"),
        ] {
            assert_eq!(slug(name), want, "{name:?}");
        }
    }

    #[test]
    fn slug_into_keeps_the_prefix() {
        let mut id = String::from("P~");
        slug_into(&mut id, "  Kim Jong-un ");
        assert_eq!(id, "P~kim_jong_un");
    }
}
