package cli

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestInFlightRequestFinishesOnShutdown: a request that is running when the
// stop signal comes gets its whole answer, and new connections are refused.
func TestInFlightRequestFinishesOnShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveUntilDone(ctx, srv, ln, 10*time.Second, slog.New(slog.DiscardHandler)) }()

	type reply struct {
		body string
		err  error
	}
	replies := make(chan reply, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			replies <- reply{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		replies <- reply{string(b), err}
	}()
	<-started
	stop()
	if r := <-replies; r.err != nil || r.body != "finished" {
		t.Errorf("in-flight request got %q, %v; want its whole answer", r.body, r.err)
	}
	if err := <-served; err != nil {
		t.Errorf("serveUntilDone = %v", err)
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}
