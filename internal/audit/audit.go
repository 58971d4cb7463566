// Package audit describes the journal of changes: who did what to which
// record, and when, with the record as it was before and after.
package audit

import (
	"encoding/json"
	"time"
)

// Event is one entry in the audit log. It is written in the same transaction
// as the change it describes, so the log never claims a change that was rolled
// back nor misses one that was kept.
type Event struct {
	ID      int64           `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`   // "system", "cli", later "user:12" or "token:3"
	Action  string          `json:"action"`  // a dotted verb, e.g. "schema.migrate"
	Subject string          `json:"subject"` // what was changed, e.g. "organization:42"
	Before  json.RawMessage `json:"before,omitempty"`
	After   json.RawMessage `json:"after,omitempty"`
}
