package log

import (
	"os"
	"strings"

	"github.com/sirupsen/logrus"
)

var (
	logger    = newLogger()
	rawLogger = newRawLogger()
)

// Get returns the gateway's main logger. Its level follows TYK_LOGLEVEL
// (error, warn, debug; info otherwise), as in Tyk.
func Get() *logrus.Logger {
	return logger
}

// GetRaw returns the message-only logger that Tyk uses for rawlog() output.
func GetRaw() *logrus.Logger {
	return rawLogger
}

func newLogger() *logrus.Logger {
	l := logrus.New()
	l.Formatter = &logrus.TextFormatter{
		TimestampFormat: "Jan 02 15:04:05",
		FullTimestamp:   true,
		DisableColors:   true,
	}
	switch strings.ToLower(os.Getenv("TYK_LOGLEVEL")) {
	case "error":
		l.Level = logrus.ErrorLevel
	case "warn":
		l.Level = logrus.WarnLevel
	case "debug":
		l.Level = logrus.DebugLevel
	default:
		l.Level = logrus.InfoLevel
	}
	return l
}

func newRawLogger() *logrus.Logger {
	l := logrus.New()
	l.Formatter = messageOnly{}
	return l
}

// messageOnly formats an entry as its bare message, with no level, time or
// fields.
type messageOnly struct{}

// Format implements logrus.Formatter.
func (messageOnly) Format(e *logrus.Entry) ([]byte, error) {
	return []byte(e.Message), nil
}
