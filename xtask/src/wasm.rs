//! The little of the WebAssembly binary format the build tools read and write: LEB128 numbers,
//! names and the module's sections. Enough for `page-words` (the name section) and `shrink-glue`
//! (the import and export sections); every other section is copied byte for byte.

/// Reads an unsigned LEB128 number (at most 32 bits) at `at`, moving past it.
pub fn leb(bytes: &[u8], at: &mut usize) -> Result<u32, String> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let b = *bytes.get(*at).ok_or("truncated")?;
        *at += 1;
        value |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Ok(value);
        }
    }
    Err("bad LEB128".into())
}

/// Appends `value` as unsigned LEB128.
pub fn put_leb(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let b = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// `len` bytes at `at`, moving past them.
pub fn slice<'a>(bytes: &'a [u8], at: &mut usize, len: usize) -> Result<&'a [u8], String> {
    let s = bytes.get(*at..*at + len).ok_or("truncated")?;
    *at += len;
    Ok(s)
}

/// A name (length-prefixed UTF-8) at `at`, moving past it.
pub fn name<'a>(bytes: &'a [u8], at: &mut usize) -> Result<&'a str, String> {
    let len = leb(bytes, at)? as usize;
    std::str::from_utf8(slice(bytes, at, len)?).map_err(|_| "a name is not UTF-8".to_string())
}

/// Appends a name.
pub fn put_name(out: &mut Vec<u8>, name: &str) {
    put_leb(out, name.len() as u32);
    out.extend_from_slice(name.as_bytes());
}

/// The module's sections in order, as (id, body).
pub fn sections(bytes: &[u8]) -> Result<Vec<(u8, &[u8])>, String> {
    if bytes.get(..4) != Some(b"\0asm") || bytes.len() < 8 {
        return Err("not a WASM module".into());
    }
    let mut out = Vec::new();
    let mut at = 8;
    while at < bytes.len() {
        let id = bytes[at];
        at += 1;
        let size = leb(bytes, &mut at)? as usize;
        out.push((id, slice(bytes, &mut at, size)?));
    }
    Ok(out)
}

/// A module of the same header (magic and version) as `original`, with these sections.
pub fn module(original: &[u8], sections: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = original[..8].to_vec();
    for (id, body) in sections {
        out.push(*id);
        put_leb(&mut out, body.len() as u32);
        out.extend_from_slice(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb_round_trips() {
        for v in [0, 1, 127, 128, 300, 16_384, u32::MAX] {
            let mut out = Vec::new();
            put_leb(&mut out, v);
            let mut at = 0;
            assert_eq!(leb(&out, &mut at).unwrap(), v);
            assert_eq!(at, out.len());
        }
        assert!(leb(&[0x80], &mut 0).is_err());
    }

    #[test]
    fn sections_round_trip() {
        let m = module(
            b"\0asm\x01\0\0\0",
            &[(1, vec![0]), (0, b"\x04name".to_vec())],
        );
        let read = sections(&m).unwrap();
        assert_eq!(read, vec![(1, &[0u8][..]), (0, &b"\x04name"[..])]);
        assert!(sections(b"nope").is_err());
    }
}
