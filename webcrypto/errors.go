package webcrypto

import "fmt"

// Exception names an operation can fail with. All but TypeError are
// DOMException names; TypeError is what WebIDL conversion throws.
const (
	TypeError          = "TypeError"
	SyntaxError        = "SyntaxError"
	NotSupportedError  = "NotSupportedError"
	InvalidAccessError = "InvalidAccessError"
	DataError          = "DataError"
	OperationError     = "OperationError"
	QuotaExceededError = "QuotaExceededError"
	TypeMismatchError  = "TypeMismatchError"
)

// Error is a failed Web Crypto operation: Name is the exception the
// standard prescribes, Message says what was wrong.
type Error struct {
	Name    string
	Message string
}

// Error implements error.
func (e *Error) Error() string { return e.Name + ": " + e.Message }

// errorf makes an *Error named name.
func errorf(name, format string, args ...any) *Error {
	return &Error{Name: name, Message: fmt.Sprintf(format, args...)}
}

// LegacyCode is DOMException's legacy code for a name (0 for names without
// one, such as DataError and OperationError).
func LegacyCode(name string) int {
	switch name {
	case SyntaxError:
		return 12
	case NotSupportedError:
		return 9
	case InvalidAccessError:
		return 15
	case TypeMismatchError:
		return 17
	case QuotaExceededError:
		return 22
	}
	return 0
}
