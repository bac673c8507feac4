//! Folding text for comparison: lower case with the diacritics of Latin letters removed, as
//! the search index's tokenizer does (`remove_diacritics`). Used for readable keys and for the
//! excerpts of search hits. One char folds to one char, so offsets survive folding.

/// The base letter of a lower-case accented Latin letter (`ü` -> `u`); other chars unchanged.
pub fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'ă' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'ė' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ł' | 'ľ' | 'ĺ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ș' | 'ş' => 's',
        'ť' | 'ț' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `word` in lower case without diacritics.
pub fn fold(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(super::fold("Łódź Zürich Dvořáková"), "lodz zurich dvorakova");
        assert_eq!(super::fold("Ştefan").chars().count(), "Ştefan".chars().count());
    }
}
