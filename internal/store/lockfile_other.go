//go:build !unix

package store

import "context"

// lockFile is a no-op where flock does not exist: there, run one r2p
// process per SQLite database while migrating.
func lockFile(context.Context, string) (func(), error) { return func() {}, nil }
