// Package capacity governs what the virtual endpoints of one gateway node may
// take from the process as a whole, so that no API and no script can starve
// the others or the gateway itself:
//
//   - Budget is the node-wide memory budget for JavaScript runtimes: every
//     API's pool reserves a runtime's estimated size before creating one and
//     gives it back when the runtime is retired.
//   - HeapGuard watches the Go heap and, above a limit, refuses new calls and
//     stops the calls that have run longest, so a runaway script costs
//     requests, not the gateway process.
//   - ParseSize and ParseHeapLimit read the sizes operators write ("64MiB",
//     "80%").
//
// The package knows nothing of JavaScript: the runtimes it governs are
// reached through the Tracker interface.
package capacity
