package bundle

// Limits bound what Open and Extract accept, so that a hostile bundle cannot
// exhaust memory or disk. A zero field means "use the default".
type Limits struct {
	// MaxEntries is the most ZIP entries a bundle may hold (default 1000).
	MaxEntries int
	// MaxFileSize is the largest uncompressed entry, in bytes (default
	// 512 MiB; Go plugins are often 50–150 MiB).
	MaxFileSize int64
	// MaxTotalSize is the largest sum of uncompressed entries, and the
	// largest archive OpenFile reads, in bytes (default 1 GiB).
	MaxTotalSize int64
	// MaxManifestSize is the largest manifest.json, in bytes (default 1 MiB).
	MaxManifestSize int64
}

// Default limits.
const (
	DefaultMaxEntries      = 1000
	DefaultMaxFileSize     = 512 << 20
	DefaultMaxTotalSize    = 1 << 30
	DefaultMaxManifestSize = 1 << 20
)

// withDefaults fills zero fields.
func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultMaxTotalSize
	}
	if l.MaxManifestSize <= 0 {
		l.MaxManifestSize = DefaultMaxManifestSize
	}
	return l
}
