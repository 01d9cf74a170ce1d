// Package conformance runs tyk-ve's behavioural conformance cases against a
// target: the compiled plugin inside the host harness
// (testdata/host, target "plugin") or the development server (target "dev").
//
// A case is one JSON file under testdata/conformance/cases. It names an API
// definition under testdata/conformance/apis (Tyk Classic or Tyk OAS), an
// optional key session, one request and what must come back:
//
//	{
//	  "name": "classic-inline-echo",
//	  "description": "which behaviour the case pins",
//	  "api": "classic-echo.json",
//	  "targets": ["plugin", "dev"],
//	  "session": {"key": "k1", "state": {"meta_data": {"tier": "gold"}}},
//	  "request": {"method": "GET", "path": "/echo/1?x=1", "headers": {"Authorization": "k1"}, "body": "",
//	              "raw_headers": [["x-multi", "a"], ["x-multi", "b"]]},
//	  "expect": {
//	    "status": 200,
//	    "headers": {"Content-Type": "application/json"},
//	    "header_matches": {"Date": "GMT$"},
//	    "wire_headers": ["X-Custom"],
//	    "absent_headers": ["X-Upstream"],
//	    "body": "exact body",
//	    "json": {"deep": "equal after parsing"},
//	    "json_has": ["error", "id"],
//	    "body_contains": ["substring"],
//	    "upstream": false,
//	    "session_modified": true,
//	    "session_meta": {"tier": "gold"},
//	    "max_ms": 1000
//	  },
//	  "then": [
//	    {"request": {"method": "GET", "path": "/echo/2", "headers": {"Authorization": "k1"}},
//	     "expect": {"status": 200}}
//	  ]
//	}
//
// "then" lists further requests sent in order to the same deployed instance
// (same runtimes, session store and upstream), each checked like the first;
// their upstream checks count only their own upstream calls. "raw_headers"
// are sent verbatim (any case, repeatable); "wire_headers" must appear
// spelled exactly so in the raw response head; "header_matches" are regular
// expressions; "max_ms" bounds the response time. Cases sharing an API
// definition file run one at a time (see lockAPI).
//
// API definitions may use ${UPSTREAM} (the URL of the echo upstream that Run
// starts for each case) and ${CONFORMANCE_DIR} (the absolute path of the
// fixture directory, for file-sourced JavaScript). Both are substituted as
// JSON string content.
//
// The package uses only the standard library so that both the host harness
// module and the main module's tests can import it.
package conformance
