// Package user is a test double of github.com/TykTechnologies/tyk/user.
//
// SessionState has the full v5.9.2 field list in the real order and with the
// real JSON tags, because tyk-ve hands the marshalled session to JavaScript
// as the `session` argument and that JSON must look exactly like Tyk's.
package user
