package cli

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// TestAFailingJobStopsTheServerAndTheOthers: when one background job
// fails, the server stops accepting connections, the other jobs' context
// ends, and serveWithJobs returns the failure once they have returned.
func TestAFailingJobStopsTheServerAndTheOthers(t *testing.T) {
	ln := listen(t)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "up") })}
	boom := errors.New("the outbox cannot be read")
	fail := make(chan struct{})
	var otherReturned atomic.Bool
	served := make(chan error, 1)
	go func() {
		served <- serveWithJobs(context.Background(), srv, ln, 10*time.Second, slog.New(slog.DiscardHandler),
			func(ctx context.Context) error { <-fail; return boom },
			func(ctx context.Context) error {
				<-ctx.Done()
				time.Sleep(100 * time.Millisecond) // finishing its turn
				otherReturned.Store(true)
				return nil
			})
	}()
	res, err := http.Get("http://" + ln.Addr().String())
	if err != nil {
		t.Fatalf("the server does not answer before the failure: %v", err)
	}
	res.Body.Close()
	close(fail)
	select {
	case err := <-served:
		if !errors.Is(err, boom) {
			t.Errorf("serveWithJobs = %v, want %v", err, boom)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serveWithJobs still runs after a job failed")
	}
	if !otherReturned.Load() {
		t.Error("serveWithJobs returned before the other job did")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("the server still accepts connections after a job failed")
	}
}

// TestJobsOutliveInFlightRequests: at the stop signal the jobs keep
// running while the server finishes its requests (which may hand them
// work); then they stop, and serveWithJobs waits for them and returns nil.
func TestJobsOutliveInFlightRequests(t *testing.T) {
	ln := listen(t)
	started := make(chan struct{})
	jobStarted := make(chan struct{})
	var jobCtx context.Context
	var jobStoppedDuringRequest, jobReturned atomic.Bool
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		jobStoppedDuringRequest.Store(jobCtx.Err() != nil)
		io.WriteString(w, "finished")
	})}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- serveWithJobs(ctx, srv, ln, 10*time.Second, slog.New(slog.DiscardHandler),
			func(ctx context.Context) error {
				jobCtx = ctx
				close(jobStarted)
				<-ctx.Done()
				time.Sleep(100 * time.Millisecond)
				jobReturned.Store(true)
				return nil
			})
	}()
	<-jobStarted
	replies := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String())
		if err != nil {
			replies <- err.Error()
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		replies <- string(b)
	}()
	<-started
	stop()
	if body := <-replies; body != "finished" {
		t.Errorf("in-flight request got %q; want its whole answer", body)
	}
	if err := <-served; err != nil {
		t.Errorf("serveWithJobs = %v", err)
	}
	if jobStoppedDuringRequest.Load() {
		t.Error("the job was stopped while a request was still in flight")
	}
	if !jobReturned.Load() {
		t.Error("serveWithJobs returned before the job did")
	}
}
