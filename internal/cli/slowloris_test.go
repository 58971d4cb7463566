package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"syscall"
	"testing"
	"time"
)

// TestServerTimeouts: r2p serve's server closes a connection whose
// headers are not in after 10 s, and bounds the rest of a request.
func TestServerTimeouts(t *testing.T) {
	srv := newHTTPServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 60*time.Second ||
		srv.WriteTimeout != 120*time.Second || srv.IdleTimeout != 120*time.Second || srv.ErrorLog == nil {
		t.Errorf("timeouts: header %s, read %s, write %s, idle %s; error log %v", srv.ReadHeaderTimeout,
			srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.ErrorLog)
	}
}

// TestSlowlorisIsCut serves r2p serve's server, its header timeout made
// 200 ms, on 127.0.0.1, and opens three connections: one sends half a
// request line and waits, one sends its headers a byte every 20 ms (a
// slowloris: the timeout runs from the first byte, not from the last), one
// sends a whole request. The server closes the first two (with at most a
// 400), and answers the third. A read deadline of 10 s stops the
// test if the server never closes them; it is not what is checked.
func TestSlowlorisIsCut(t *testing.T) {
	srv := newHTTPServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }),
		slog.New(slog.DiscardHandler))
	srv.ReadHeaderTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveUntilDone(ctx, srv, ln, 10*time.Second, slog.New(slog.DiscardHandler)) }()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serveUntilDone: %v", err)
		}
	}()

	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		return c
	}
	// closedByServer reads until the server closes the connection: it may
	// say 400 first, when the timeout falls inside the request line, and
	// the close is a reset when the client wrote after it.
	closedByServer := func(name string, c net.Conn) {
		t.Helper()
		got, err := io.ReadAll(c)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("%s: still open after 10 s", name)
		}
		if errors.Is(err, syscall.ECONNRESET) {
			err = nil
		}
		if err != nil || len(got) > 0 && !bytes.HasPrefix(got, []byte("HTTP/1.1 400 Bad Request\r\n")) {
			t.Errorf("%s: read %q, %v; want the server to close the connection, at most saying 400", name, got, err)
		}
	}

	half := dial()
	if _, err := io.WriteString(half, "GET /admin HT"); err != nil {
		t.Fatal(err)
	}
	closedByServer("half a request line", half)

	slow := dial()
	trickled := make(chan error, 1)
	go func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		header := "GET / HTTP/1.1\r\nHost: r2p.test\r\nX-Padding: " // never finished
		for i := 0; ; i++ {
			<-tick.C
			if _, err := slow.Write([]byte{header[min(i, len(header)-1)]}); err != nil {
				trickled <- err
				return
			}
		}
	}()
	closedByServer("headers a byte every 20 ms", slow)
	slow.Close() // ends the trickle, if writes still succeed
	<-trickled

	whole := dial()
	io.WriteString(whole, "GET / HTTP/1.1\r\nHost: r2p.test\r\nConnection: close\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(whole), nil)
	if err != nil {
		t.Fatalf("a whole request: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "ok" {
		t.Errorf("a whole request: %d %q", res.StatusCode, body)
	}
}
