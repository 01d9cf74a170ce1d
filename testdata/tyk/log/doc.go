// Package log is a test double of github.com/TykTechnologies/tyk/log: the
// gateway's shared logrus loggers.
package log
