// Package tykapi is the Tyk JavaScript API as one module-like package: the
// globals Tyk's JSVM gives virtual endpoints — TykJsResponse, log and
// rawlog, b64enc/b64dec/rawb64enc/rawb64dec, TykMakeHttpRequest,
// TykBatchRequest, TykGetKeyData/TykSetKeyData and the TykJS namespace
// (Tyk's coreJS) — with Tyk's semantics, plus what every runtime needs
// beside them: the JSON.parse/JSON.stringify fast paths and the guards that
// bound native recursion (api_guard*.go).
//
// The API is a list of areas (Area: the globals it defines and its
// installer). Install puts Tyk's areas into a new goja runtime, in order,
// and returns the runtime's State: the environment the API functions read
// (Env: loggers, Host, Limits) and what they keep per call (the context,
// the outbound request count, the time spent waiting on the network, the
// native recursion depth, the last TykJsResponse). The runtime calls
// State.Begin when a call starts, State.Load when scripts are (re)run and
// State.End after either, so no Go function outlives the call that owns
// its runtime. To add globals, write an Area whose functions read the
// State's exported accessors and install it after Tyk's (InstallAreas);
// its Globals join the names isolation resets put back (GlobalNames).
//
// The network side lives in package outbound (clients, the address
// policy, proxies) and the key store in package keystore; neither knows
// JavaScript. DecodeResponse turns a function's returned value into a
// Response with Tyk's rules.
//
// Package vm owns the runtimes and re-exports Host, Limits, Response and
// the errors, so nothing outside vm/ imports this package (internal/archtest
// checks).
package tykapi
