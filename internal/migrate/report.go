package migrate

// Report is the result of a migration report run.
type Report struct {
	// AppsDir is the folder that was read.
	AppsDir string `json:"apps_dir"`
	// Generated is true when the samples were generated from path patterns.
	Generated bool        `json:"generated_samples"`
	APIs      []APIReport `json:"apis"`
	// Skipped lists the *.json files that are not API definitions.
	Skipped []Skipped `json:"skipped,omitempty"`
	// Unmatched lists samples no endpoint matched (not compared).
	Unmatched []string `json:"unmatched_samples,omitempty"`
	Summary   Summary  `json:"summary"`
}

// Skipped is a file that was not read as an API definition.
type Skipped struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// APIReport is one API definition's endpoints.
type APIReport struct {
	File      string           `json:"file"`
	APIID     string           `json:"api_id"`
	Name      string           `json:"name"`
	Format    string           `json:"format"` // "Classic" or "OAS"
	Endpoints []EndpointReport `json:"endpoints"`
}

// Verdicts of an endpoint.
const (
	VerdictSame      = "same"
	VerdictDifferent = "different"
	VerdictUntested  = "untested" // no sample reached it
)

// EndpointReport is one virtual endpoint's verdict.
type EndpointReport struct {
	// Label is the endpoint's place in the definition, as tyk-ve logs it.
	Label    string `json:"label"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	Function string `json:"function"`
	Verdict  string `json:"verdict"`
	Requests int    `json:"requests"`
	// First is the first differing request, if any.
	First *Difference `json:"first_difference,omitempty"`
	// Causes are the known causes recognised across the endpoint's
	// differing requests (empty: not recognised).
	Causes []string `json:"causes,omitempty"`
	// OttoLoadError is why Tyk's engine could not load the endpoint's
	// script, if it could not.
	OttoLoadError string `json:"otto_load_error,omitempty"`
	// Note tells what both engines did when that is worth knowing (both
	// failed, both proxied).
	Note string `json:"note,omitempty"`
}

// Difference is where one request's answers first differ.
type Difference struct {
	Request string `json:"request"` // "GET /path?query"
	Run     int    `json:"run"`     // 1 or 2: the sample is sent twice
	// Where is "outcome", "status", "header" or "body".
	Where  string `json:"where"`
	Header string `json:"header,omitempty"`
	Offset int    `json:"offset,omitempty"` // body byte offset
	Tyk    string `json:"tyk"`              // Tyk's side (an excerpt for bodies)
	TykVE  string `json:"tyk_ve"`
}

// Summary counts endpoints by verdict and causes by name.
type Summary struct {
	APIs      int            `json:"apis"`
	Endpoints int            `json:"endpoints"`
	Same      int            `json:"same"`
	Different int            `json:"different"`
	Untested  int            `json:"untested"`
	Requests  int            `json:"requests"`
	Causes    map[string]int `json:"causes,omitempty"`
}

// Changes reports whether any endpoint answers differently.
func (r *Report) Changes() bool { return r.Summary.Different > 0 }
