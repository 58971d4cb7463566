package store

import (
	"context"
	"math/rand/v2"
	"net/url"
	"time"
)

// isRetryable reports whether an attempt failed only because another
// transaction was in the way, so that running it again can succeed.
func isRetryable(err error) bool {
	return err != nil && (isSQLiteBusy(err) || isPostgresRetryable(err))
}

// backoff is the pause before attempt n+1: exponential from 2 ms, capped at
// 250 ms, with full jitter so that competing writers do not retry in step.
func backoff(attempt int) time.Duration {
	d := 2 * time.Millisecond << min(attempt-1, 7)
	d = min(d, 250*time.Millisecond)
	return time.Duration(rand.Int64N(int64(d)) + 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Redact hides the password in a database URL so that it can be logged.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable database URL)"
	}
	return u.Redacted()
}
