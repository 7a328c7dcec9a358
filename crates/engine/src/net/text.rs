//! Building the matrix's texts without the formatting machinery: the matrix
//! writes a label for each of its ~10^5 cells and a reason and a hint for
//! each failure, and `format!` (with `Display` for addresses) is the larger
//! part of that cost in the page's wasm. These helpers write the same bytes.

use std::net::Ipv4Addr;

/// The parts, concatenated into one string allocated at its final size.
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// A number or an address in decimal, on the stack.
#[derive(Clone, Copy)]
pub struct Dec {
    buf: [u8; 15],
    len: u8,
}

impl Dec {
    fn new() -> Dec {
        Dec {
            buf: [0; 15],
            len: 0,
        }
    }

    fn push_byte(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len as usize) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push_num(&mut self, n: u16) {
        let mut digits = [0u8; 5];
        let mut i = digits.len();
        let mut n = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.push_byte(d);
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len as usize]).unwrap_or_default()
    }
}

impl std::ops::Deref for Dec {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// `n` as `Display` writes it.
pub fn num(n: u16) -> Dec {
    let mut d = Dec::new();
    d.push_num(n);
    d
}

/// `ip` in dotted decimal, as `Display` writes it.
pub fn ip(ip: Ipv4Addr) -> Dec {
    let mut d = Dec::new();
    for (k, o) in ip.octets().into_iter().enumerate() {
        if k > 0 {
            d.push_byte(b'.');
        }
        d.push_num(u16::from(o));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_display() {
        for a in [
            Ipv4Addr::new(0, 0, 0, 0),
            Ipv4Addr::new(255, 255, 255, 255),
            Ipv4Addr::new(172, 18, 0, 2),
            Ipv4Addr::new(10, 100, 9, 1),
        ] {
            assert_eq!(ip(a).as_str(), a.to_string());
        }
        for n in [0u16, 7, 10, 99, 100, 8080, 65535] {
            assert_eq!(num(n).as_str(), n.to_string());
        }
        assert_eq!(cat(&["a", "", "bc"]), "abc");
    }
}
