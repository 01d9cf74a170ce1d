// Package testutil holds helpers shared by the tests of several packages:
// waiting on observable state instead of sleeping, and an upstream that holds
// requests until the test lets them through. Only tests import it.
package testutil
