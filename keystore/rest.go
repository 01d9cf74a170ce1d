package keystore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/tyk-ve/tyk-ve/outbound"
)

// RESTConfig configures a KeyStore that talks to the gateway's REST
// API (/tyk/keys).
type RESTConfig struct {
	// URL is the gateway's base URL, e.g. "http://127.0.0.1:8080". Required.
	URL string `json:"url,omitempty"`
	// Secret is the gateway's API secret, sent as x-tyk-authorization.
	// Required. It never appears in errors or logs.
	Secret string `json:"secret,omitempty"`
	// Client sends the requests; nil means a pooled client without the
	// outbound address policy (the gateway is trusted configuration, not
	// script input).
	Client *http.Client `json:"-"`
}

// Validate reports every problem at once, naming the field.
func (c RESTConfig) Validate() error {
	var errs []error
	if c.URL == "" {
		errs = append(errs, errors.New("url: required"))
	} else if u, err := url.Parse(c.URL); err != nil {
		errs = append(errs, fmt.Errorf("url: %w", outbound.TransportError(err)))
	} else if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("url: must be an absolute http(s) URL, got %q", outbound.RedactURL(u)))
	} else if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		errs = append(errs, errors.New("url: must not carry user info, a query or a fragment"))
	}
	if c.Secret == "" {
		errs = append(errs, errors.New("secret: required"))
	}
	return errors.Join(errs...)
}

// restStore implements KeyStore over the gateway REST API.
type restStore struct {
	base   string
	secret string
	client *http.Client
}

// maxKeyResponse caps a session read from the gateway.
const maxKeyResponse = 4 << 20

// NewREST returns a KeyStore that reads keys with
// GET {URL}/tyk/keys/{key}?api_id={apiID} and writes them with
// PUT {URL}/tyk/keys/{key} (update), falling back to POST (create) when the
// key does not exist yet — together Tyk's add-or-update — with
// ?suppress_reset=1 when asked.
func NewREST(cfg RESTConfig) (Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("rest key store: %w", err)
	}
	client := cfg.Client
	if client == nil {
		client = outbound.GatewayClient()
	}
	return &restStore{base: strings.TrimRight(cfg.URL, "/"), secret: cfg.Secret, client: client}, nil
}

// GetKey implements Store.
func (s *restStore) GetKey(ctx context.Context, key, apiID string) (string, error) {
	q := url.Values{}
	if apiID != "" {
		q.Set("api_id", apiID)
	}
	status, body, err := s.do(ctx, http.MethodGet, key, q, nil)
	if err != nil {
		return "", err
	}
	switch {
	case status == http.StatusNotFound:
		return KeyNotFoundJSON, nil
	case status != http.StatusOK:
		return "", fmt.Errorf("key store: GET %s: status %d", obfuscateKey(key), status)
	}
	// The REST API writes the object with a trailing newline; the JS API
	// returns json.Marshal output. Compacting gives the same bytes.
	var out bytes.Buffer
	if err := json.Compact(&out, body); err != nil {
		return "", fmt.Errorf("key store: GET %s: invalid JSON: %w", obfuscateKey(key), err)
	}
	return out.String(), nil
}

// SetKey implements Store.
func (s *restStore) SetKey(ctx context.Context, key, sessionJSON string, suppressReset bool) error {
	q := url.Values{}
	if suppressReset {
		q.Set("suppress_reset", "1")
	}
	status, _, err := s.do(ctx, http.MethodPut, key, q, []byte(sessionJSON))
	if err == nil && status == http.StatusNotFound {
		status, _, err = s.do(ctx, http.MethodPost, key, q, []byte(sessionJSON))
	}
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("key store: set %s: status %d", obfuscateKey(key), status)
	}
	return nil
}

// do sends one request. Its errors name the method and an obfuscated key,
// never the URL (which holds the key) or the secret.
func (s *restStore) do(ctx context.Context, method, key string, q url.Values, body []byte) (int, []byte, error) {
	u := s.base + "/tyk/keys/" + url.PathEscape(key)
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, fmt.Errorf("key store: %s %s: building request failed", method, obfuscateKey(key))
	}
	req.Header.Set("x-tyk-authorization", s.secret)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("key store: %s %s: %w", method, obfuscateKey(key), outbound.TransportError(err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxKeyResponse+1))
	if err != nil {
		return 0, nil, fmt.Errorf("key store: %s %s: reading response: %w", method, obfuscateKey(key), err)
	}
	if len(b) > maxKeyResponse {
		return 0, nil, fmt.Errorf("key store: %s %s: response exceeds %d bytes", method, obfuscateKey(key), maxKeyResponse)
	}
	return resp.StatusCode, b, nil
}

// obfuscateKey shows only the last four characters of a key, as Tyk's logs
// do, since a key is itself a credential.
func obfuscateKey(key string) string {
	if len(key) > 4 {
		return "****" + key[len(key)-4:]
	}
	return "----"
}
