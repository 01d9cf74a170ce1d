package host

import (
	"errors"
	"fmt"
	"net/http"
	"plugin"
)

// ErrSymbolType is returned when the plugin's symbol has the wrong type. The
// text is the gateway's.
var ErrSymbolType = errors.New("could not cast function symbol to http.HandlerFunc")

// Hook is a request hook as Tyk calls it.
type Hook = func(http.ResponseWriter, *http.Request)

// LoadHook opens the plugin at path and returns its symbol, which must be
// exactly func(http.ResponseWriter, *http.Request), like
// goplugin.GetHandler requires.
func LoadHook(path, symbol string) (Hook, error) {
	p, err := plugin.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening plugin %q: %w", path, err)
	}
	sym, err := p.Lookup(symbol)
	if err != nil {
		return nil, fmt.Errorf("looking up %q in plugin %q: %w", symbol, path, err)
	}
	h, ok := sym.(func(http.ResponseWriter, *http.Request))
	if !ok {
		return nil, fmt.Errorf("symbol %q of type %T: %w", symbol, sym, ErrSymbolType)
	}
	return h, nil
}
