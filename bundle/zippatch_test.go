package bundle

import (
	"bytes"
	"encoding/binary"
	"testing"
)

// patchUncompressedSize rewrites the uncompressed size of the named entry in
// both its local header and its central directory record, to model a ZIP
// whose headers lie.
func patchUncompressedSize(t *testing.T, data []byte, name string, size uint32) []byte {
	t.Helper()
	out := bytes.Clone(data)
	patched := 0
	for i := 0; i+46 <= len(out); i++ {
		switch binary.LittleEndian.Uint32(out[i:]) {
		case 0x04034b50: // local file header
			n := int(binary.LittleEndian.Uint16(out[i+26:]))
			if i+30+n <= len(out) && string(out[i+30:i+30+n]) == name {
				binary.LittleEndian.PutUint32(out[i+22:], size)
				patched++
			}
		case 0x02014b50: // central directory header
			n := int(binary.LittleEndian.Uint16(out[i+28:]))
			if i+46+n <= len(out) && string(out[i+46:i+46+n]) == name {
				binary.LittleEndian.PutUint32(out[i+24:], size)
				patched++
			}
		}
	}
	if patched == 0 {
		t.Fatalf("entry %q not found", name)
	}
	return out
}
