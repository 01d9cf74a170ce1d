package weburl

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tyk-ve/tyk-ve/webtext"
)

// parseHost is the host parser: it returns the serialised host.
func parseHost(input string, opaque bool) (string, error) {
	if strings.HasPrefix(input, "[") {
		if !strings.HasSuffix(input, "]") || len(input) < 2 {
			return "", ErrInvalid
		}
		pieces, err := parseIPv6(input[1 : len(input)-1])
		if err != nil {
			return "", err
		}
		return "[" + serializeIPv6(pieces) + "]", nil
	}
	if opaque {
		return parseOpaqueHost(input)
	}
	domain := webtext.DecodeUTF8(PercentDecode(input))
	ascii, err := domainToASCII(domain)
	if err != nil {
		return "", err
	}
	if endsInANumber(ascii) {
		n, err := parseIPv4(ascii)
		if err != nil {
			return "", err
		}
		return serializeIPv4(n), nil
	}
	return ascii, nil
}

// forbiddenHost reports the standard's forbidden host code points.
func forbiddenHost(r rune) bool {
	switch r {
	case 0, '\t', '\n', '\r', ' ', '#', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

// forbiddenDomain adds C0 controls, % and DEL.
func forbiddenDomain(r rune) bool {
	return forbiddenHost(r) || r <= 0x1f || r == '%' || r == 0x7f
}

func parseOpaqueHost(input string) (string, error) {
	if strings.IndexFunc(input, forbiddenHost) >= 0 {
		return "", ErrInvalid
	}
	return encodeString(input, c0ControlSet), nil
}

// endsInANumber is the standard's test for a domain that must be IPv4.
func endsInANumber(s string) bool {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	_, err := parseIPv4Number(last)
	return err == nil
}

// parseIPv4 is the IPv4 parser (decimal, octal and hex parts, 1 to 4 of
// them).
func parseIPv4(s string) (uint32, error) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, ErrInvalid
	}
	nums := make([]uint64, len(parts))
	for i, part := range parts {
		n, err := parseIPv4Number(part)
		if err != nil {
			return 0, err
		}
		nums[i] = n
	}
	for _, n := range nums[:len(nums)-1] {
		if n > 255 {
			return 0, ErrInvalid
		}
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return 0, ErrInvalid
	}
	ip := last
	for i, n := range nums[:len(nums)-1] {
		ip += n << (8 * (3 - i))
	}
	return uint32(ip), nil
}

// parseIPv4Number parses one part; values beyond 2^32 saturate (they fail
// later as too large).
func parseIPv4Number(s string) (uint64, error) {
	if s == "" {
		return 0, ErrInvalid
	}
	base := 10
	switch {
	case len(s) >= 2 && (s[:2] == "0x" || s[:2] == "0X"):
		base, s = 16, s[2:]
	case len(s) >= 2 && s[0] == '0':
		base, s = 8, s[1:]
	}
	if s == "" {
		return 0, nil
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d, ok := digitValue(s[i], base)
		if !ok {
			return 0, ErrInvalid
		}
		if n < 1<<40 {
			n = n*uint64(base) + uint64(d)
		}
	}
	return n, nil
}

func digitValue(c byte, base int) (int, bool) {
	var d int
	switch {
	case '0' <= c && c <= '9':
		d = int(c - '0')
	case 'a' <= c && c <= 'f':
		d = int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		d = int(c-'A') + 10
	default:
		return 0, false
	}
	return d, d < base
}

func serializeIPv4(n uint32) string {
	return strconv.Itoa(int(n>>24)) + "." + strconv.Itoa(int(n>>16&255)) + "." +
		strconv.Itoa(int(n>>8&255)) + "." + strconv.Itoa(int(n&255))
}

// parseIPv6 is the IPv6 parser, with compression and a trailing IPv4.
func parseIPv6(s string) ([8]uint16, error) {
	var addr [8]uint16
	in := []rune(s)
	pieceIndex, compress, p := 0, -1, 0
	c := func() rune {
		if p < len(in) {
			return in[p]
		}
		return eof
	}
	if c() == ':' {
		if p+1 >= len(in) || in[p+1] != ':' {
			return addr, ErrInvalid
		}
		p += 2
		pieceIndex++
		compress = pieceIndex
	}
	for c() != eof {
		if pieceIndex == 8 {
			return addr, ErrInvalid
		}
		if c() == ':' {
			if compress >= 0 {
				return addr, ErrInvalid
			}
			p++
			pieceIndex++
			compress = pieceIndex
			continue
		}
		value, length := 0, 0
		for length < 4 && c() != eof && c() < 0x80 && isHex(byte(c())) {
			value = value*16 + int(unhex(byte(c())))
			p++
			length++
		}
		if c() == '.' {
			if length == 0 {
				return addr, ErrInvalid
			}
			p -= length
			if pieceIndex > 6 {
				return addr, ErrInvalid
			}
			if err := parseIPv6IPv4(in, &p, &addr, &pieceIndex); err != nil {
				return addr, err
			}
			break
		}
		if c() == ':' {
			p++
			if c() == eof {
				return addr, ErrInvalid
			}
		} else if c() != eof {
			return addr, ErrInvalid
		}
		addr[pieceIndex] = uint16(value)
		pieceIndex++
	}
	if compress >= 0 {
		swaps := pieceIndex - compress
		pieceIndex = 7
		for pieceIndex != 0 && swaps > 0 {
			addr[pieceIndex], addr[compress+swaps-1] = addr[compress+swaps-1], addr[pieceIndex]
			pieceIndex--
			swaps--
		}
	} else if pieceIndex != 8 {
		return addr, ErrInvalid
	}
	return addr, nil
}

// parseIPv6IPv4 parses the dotted IPv4 tail of an IPv6 address.
func parseIPv6IPv4(in []rune, p *int, addr *[8]uint16, pieceIndex *int) error {
	seen := 0
	for *p < len(in) {
		value := -1
		if seen > 0 {
			if in[*p] == '.' && seen < 4 {
				*p++
			} else {
				return ErrInvalid
			}
		}
		if *p >= len(in) || !isASCIIDigit(in[*p]) {
			return ErrInvalid
		}
		for *p < len(in) && isASCIIDigit(in[*p]) {
			n := int(in[*p] - '0')
			switch {
			case value == -1:
				value = n
			case value == 0:
				return ErrInvalid
			default:
				value = value*10 + n
			}
			if value > 255 {
				return ErrInvalid
			}
			*p++
		}
		addr[*pieceIndex] = addr[*pieceIndex]*0x100 + uint16(value)
		seen++
		if seen == 2 || seen == 4 {
			*pieceIndex++
		}
	}
	if seen != 4 {
		return ErrInvalid
	}
	return nil
}

// serializeIPv6 writes the address in lower-case hex, the first longest
// run of two or more zero pieces compressed to "::".
func serializeIPv6(a [8]uint16) string {
	start, length := -1, 1
	for i := 0; i < 8; {
		if a[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > length {
			start, length = i, j-i
		}
		i = j
	}
	var b strings.Builder
	ignore0 := false
	for i := 0; i < 8; i++ {
		if ignore0 && a[i] == 0 {
			continue
		}
		ignore0 = false
		if i == start {
			if i == 0 {
				b.WriteString("::")
			} else {
				b.WriteString(":")
			}
			ignore0 = true
			continue
		}
		b.WriteString(strconv.FormatUint(uint64(a[i]), 16))
		if i != 7 {
			b.WriteByte(':')
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
