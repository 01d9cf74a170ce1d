// Package clone deep-copies values, including unexported struct fields, for
// the double's ctx.GetDefinition and ctx.GetOASDefinition (Tyk uses
// huandu/go-clone for the same job). It does not handle cyclic graphs, which
// API definitions never are.
package clone
