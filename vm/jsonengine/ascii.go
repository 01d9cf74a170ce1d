package jsonengine

// isASCII reports whether s is all ASCII: no byte of it has its high bit
// set. Whole 8-byte words are ORed together (asciiWords), then the rest.
func isASCII(s string) bool {
	acc, rest := asciiWords(s)
	for i := rest; i < len(s); i++ {
		acc |= uint64(s[i])
	}
	return acc&0x8080808080808080 == 0
}
