package jsonengine

import (
	"sort"
)

// ScanObject splits a JSON object into its keys and raw values without
// building them. Duplicate keys keep the first position and the last value,
// as JSON.parse does. ok is false for anything but a well-formed object.
func ScanObject(data string) (keys []string, raws []string, ok bool) {
	p := Lexer{data: data}
	p.SkipSpace()
	if p.pos >= len(data) || data[p.pos] != '{' {
		return nil, nil, false
	}
	p.pos++
	p.SkipSpace()
	if p.pos < len(data) && data[p.pos] == '}' {
		p.pos++
		p.SkipSpace()
		return nil, nil, p.pos == len(data)
	}
	for {
		p.SkipSpace()
		if p.pos >= len(data) || data[p.pos] != '"' {
			return nil, nil, false
		}
		key, err := p.Str()
		if err != nil {
			return nil, nil, false
		}
		p.SkipSpace()
		if p.pos >= len(data) || data[p.pos] != ':' {
			return nil, nil, false
		}
		p.pos++
		p.SkipSpace()
		start := p.pos
		if !p.skipValue(0) {
			return nil, nil, false
		}
		raw := data[start:p.pos]
		if i := indexOf(keys, key); i >= 0 {
			raws[i] = raw
		} else {
			keys, raws = append(keys, key), append(raws, raw)
		}
		p.SkipSpace()
		if p.pos >= len(data) {
			return nil, nil, false
		}
		switch data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			p.SkipSpace()
			return keys, raws, p.pos == len(data)
		default:
			return nil, nil, false
		}
	}
}

// OrderLikeJS puts array-index keys ("0", "17") first in ascending order,
// as JavaScript orders an object's own keys; the rest keep their order.
// vals, if not nil, is permuted alongside keys.
func OrderLikeJS[T any](keys []string, vals []T) {
	numeric := false
	for _, k := range keys {
		if k != "" && k[0] >= '0' && k[0] <= '9' {
			numeric = true
			break
		}
	}
	if !numeric {
		return
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		na, aIsIndex := ArrayIndex(keys[idx[a]])
		nb, bIsIndex := ArrayIndex(keys[idx[b]])
		if aIsIndex && bIsIndex {
			return na < nb
		}
		return aIsIndex && !bIsIndex
	})
	k2 := make([]string, len(keys))
	for i, j := range idx {
		k2[i] = keys[j]
	}
	if vals != nil {
		v2 := make([]T, len(vals))
		for i, j := range idx {
			v2[i] = vals[j]
		}
		copy(vals, v2)
	}
	copy(keys, k2)
}

// ArrayIndex reports a canonical array index: digits, no leading zero,
// below 2^32-1.
func ArrayIndex(k string) (uint64, bool) {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(k[i]-'0')
	}
	return n, n < 1<<32-1
}

func indexOf(keys []string, k string) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return -1
}

// skipValue moves past one JSON value, checking brackets and strings.
func (p *Lexer) skipValue(depth int) bool {
	if depth > MaxDepth || p.pos >= len(p.data) {
		return false
	}
	switch c := p.data[p.pos]; {
	case c == '"':
		return p.skipString()
	case c == '{' || c == '[':
		return p.skipContainer(depth)
	default:
		start := p.pos
		for p.pos < len(p.data) {
			switch p.data[p.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return p.pos > start
			}
			p.pos++
		}
		return p.pos > start
	}
}

func (p *Lexer) skipString() bool {
	p.pos++
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case '\\':
			p.pos += 2
			continue
		case '"':
			p.pos++
			return true
		}
		p.pos++
	}
	return false
}

func (p *Lexer) skipContainer(depth int) bool {
	closer := byte('}')
	if p.data[p.pos] == '[' {
		closer = ']'
	}
	p.pos++
	for {
		p.SkipSpace()
		if p.pos >= len(p.data) {
			return false
		}
		switch p.data[p.pos] {
		case closer:
			p.pos++
			return true
		case ',', ':':
			p.pos++
		default:
			if !p.skipValue(depth + 1) {
				return false
			}
		}
	}
}
