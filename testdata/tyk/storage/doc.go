// Package storage is a test double of the part of
// github.com/TykTechnologies/tyk/storage that the ctx package uses: key
// hashing.
package storage
