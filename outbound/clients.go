package outbound

import (
	"container/list"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// maxSharedClients bounds sharedClients: a gateway with many distinct
// outbound policies or TLS options (each API definition may carry its own)
// keeps the most recently used clients, and its memory and idle
// connections stay bounded however many it has seen.
const maxSharedClients = 64

// sharedClients holds one client per distinct (policy, TLS) pair, so every
// Host with the same options — including the Hosts rebuilt when an API
// definition changes — shares one connection pool. The default client is
// kept apart and never evicted.
var sharedClients = newClientCache(maxSharedClients)

// defaultClient is the client with the zero policy and TLS options.
var defaultClient = sync.OnceValue(func() *http.Client {
	c, err := NewClient(Policy{}, Transport{})
	if err != nil {
		panic(err) // the zero policy always compiles
	}
	return c
})

// DefaultClient returns the process-wide client with the default
// outbound policy (link-local and metadata addresses refused) and default
// TLS settings.
func DefaultClient() *http.Client { return defaultClient() }

// SharedClient returns the process-wide client for policy and tlsOpts,
// made on first use; at most maxSharedClients are kept besides the default.
func SharedClient(policy Policy, tlsOpts Transport) (*http.Client, error) {
	key, err := clientKey(policy, tlsOpts)
	if err != nil {
		return nil, err
	}
	if key == defaultClientKey() {
		return DefaultClient(), nil
	}
	return sharedClients.get(key, func() (*http.Client, error) { return NewClient(policy, tlsOpts) })
}

// clientKey identifies a (policy, TLS) pair.
func clientKey(policy Policy, tlsOpts Transport) (string, error) {
	b, err := json.Marshal(struct {
		P Policy
		T Transport
	}{policy, tlsOpts})
	if err != nil {
		return "", fmt.Errorf("outbound client key: %w", err)
	}
	return string(b), nil
}

// defaultClientKey is the key of the zero policy and TLS options.
var defaultClientKey = sync.OnceValue(func() string {
	key, _ := clientKey(Policy{}, Transport{})
	return key
})

// clientCache keeps up to max clients by key, least recently used evicted
// first. An evicted client's idle connections are closed at once; calls
// still using it finish normally, and the connections they hand back are
// closed by its transport after the idle timeout.
type clientCache struct {
	mu    sync.Mutex
	max   int
	order *list.List               // of *clientEntry, most recently used first
	byKey map[string]*list.Element // key → element of order
}

type clientEntry struct {
	key    string
	client *http.Client
}

func newClientCache(max int) *clientCache {
	return &clientCache{max: max, order: list.New(), byKey: make(map[string]*list.Element)}
}

// get returns the client for key, made by build on a miss.
func (cc *clientCache) get(key string, build func() (*http.Client, error)) (*http.Client, error) {
	cc.mu.Lock()
	if e, ok := cc.byKey[key]; ok {
		cc.order.MoveToFront(e)
		cc.mu.Unlock()
		return e.Value.(*clientEntry).client, nil
	}
	c, err := build()
	if err != nil {
		cc.mu.Unlock()
		return nil, err
	}
	cc.byKey[key] = cc.order.PushFront(&clientEntry{key: key, client: c})
	var evicted []*http.Client
	for cc.order.Len() > cc.max {
		e := cc.order.Back()
		cc.order.Remove(e)
		ent := e.Value.(*clientEntry)
		delete(cc.byKey, ent.key)
		evicted = append(evicted, ent.client)
	}
	cc.mu.Unlock()
	for _, old := range evicted {
		old.CloseIdleConnections()
	}
	return c, nil
}

// len returns the number of clients kept.
func (cc *clientCache) len() int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return cc.order.Len()
}

// closeIdle closes the idle connections of every client kept.
func (cc *clientCache) closeIdle() {
	cc.mu.Lock()
	clients := make([]*http.Client, 0, cc.order.Len())
	for e := cc.order.Front(); e != nil; e = e.Next() {
		clients = append(clients, e.Value.(*clientEntry).client)
	}
	cc.mu.Unlock()
	for _, c := range clients {
		c.CloseIdleConnections()
	}
}

// CloseIdleConnections closes the idle keep-alive connections of every
// shared outbound client and of the gateway client (each holds two goroutines for up to the
// idle timeout). For shutdown, and for tests that count goroutines.
func CloseIdleConnections() {
	DefaultClient().CloseIdleConnections()
	sharedClients.closeIdle()
	gatewayClient.CloseIdleConnections()
}

// gatewayClient is a pooled client without the address policy.
var gatewayClient = &http.Client{Transport: &tracingTransport{base: newTransport(nil, Transport{})}}

// GatewayClient returns the process-wide client for the gateway's own REST
// API: pooled like the others but without the address policy, since the
// gateway's address is trusted configuration, not script input.
func GatewayClient() *http.Client { return gatewayClient }
