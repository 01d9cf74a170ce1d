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
//	  "request": {"method": "GET", "path": "/echo/1?x=1", "headers": {"Authorization": "k1"}, "body": ""},
//	  "expect": {
//	    "status": 200,
//	    "headers": {"Content-Type": "application/json"},
//	    "absent_headers": ["X-Upstream"],
//	    "body": "exact body",
//	    "json": {"deep": "equal after parsing"},
//	    "json_has": ["error", "id"],
//	    "body_contains": ["substring"],
//	    "upstream": false,
//	    "session_modified": true,
//	    "session_meta": {"tier": "gold"}
//	  }
//	}
//
// API definitions may use ${UPSTREAM} (the URL of the echo upstream that Run
// starts for each case) and ${CONFORMANCE_DIR} (the absolute path of the
// fixture directory, for file-sourced JavaScript). Both are substituted as
// JSON string content.
//
// The package uses only the standard library so that both the host harness
// module and the main module's tests can import it.
package conformance
