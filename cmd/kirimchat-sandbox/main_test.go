package main

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func TestFlagsBuildTheServer(t *testing.T) {
	fixture := filepath.Join(t.TempDir(), "fixture.json")
	if err := os.WriteFile(fixture, []byte(`[`+conversation("cnv_A", "open")+`,`+conversation("cnv_B", "resolved")+`]`), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := parseFlags([]string{"-listen", "127.0.0.1:0", "-api-key", "k", "-fixture", fixture,
		"-fault", "status=503,html", "-fault", "status=429,retry_after=1,skip=1"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	srv, count, err := newServer(o)
	if err != nil || count != 2 {
		t.Fatalf("got %d conversations, %v", count, err)
	}
	var logs bytes.Buffer
	h := logRequests(srv, log.New(&logs, "", 0))
	statuses := []int{}
	for range 3 {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/v1/conversations?limit=1", nil)
		req.Header.Set("Authorization", "Bearer k")
		h.ServeHTTP(rec, req)
		statuses = append(statuses, rec.Code)
	}
	if statuses[0] != 503 || statuses[1] != 200 || statuses[2] != 429 {
		t.Errorf("statuses %v, want the faults in order: 503, 200, 429", statuses)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "GET /v1/conversations?limit=1 503") || !strings.Contains(lines[1], " req_") {
		t.Errorf("want one line per request with status and request id, got:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "Bearer") {
		t.Error("the key must not be logged")
	}
}

// conversation is a conversation with every documented field, as a fixture
// must hold it.
func conversation(id, status string) string {
	return `{"id":"` + id + `","object":"conversation","status":"` + status + `",` +
		`"contact":{"id":"ctc_01HXYZABCDEFGHJKMNPQRSTVWX","phone_number":null,"name":null},` +
		`"whatsapp_account":{"phone_number":null},"assignee":null,"unread_count":0,` +
		`"last_message_at":null,"last_inbound_at":null,"created_at":"2026-11-01T12:00:00Z","updated_at":"2026-11-01T12:00:00Z"}`
}

// TestConnectionFaultsReachTheConnectionThroughTheLogger: through the
// binary's handler chain (the request logger wrapping the sandbox) over a
// real TCP listener, -fault reset drops the connection (a transport error,
// not a 200 with an empty body) and -fault cut_body sends a 200 whose body
// stops halfway; the log says the reset was never answered.
func TestConnectionFaultsReachTheConnectionThroughTheLogger(t *testing.T) {
	for _, route := range []string{"/conversations", "/me"} {
		o, err := parseFlags([]string{"-conversations", "30", "-fault", "reset,path=" + route, "-fault", "cut_body,path=" + route}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		srv, _, err := newServer(o)
		if err != nil {
			t.Fatal(err)
		}
		var logs lockedBuffer
		ts := httptest.NewServer(logRequests(srv, log.New(&logs, "", 0)))
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		do := func() (*http.Response, []byte, error) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/v1"+route, nil)
			req.Header.Set("Authorization", "Bearer "+sandbox.DefaultAPIKey)
			resp, err := client.Do(req)
			if err != nil {
				return nil, nil, err
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			return resp, body, err
		}

		if resp, body, err := do(); err == nil {
			t.Errorf("%s reset: want a transport error, got %d %q", route, resp.StatusCode, body)
		}
		resp, body, err := do()
		if err == nil || resp == nil || resp.StatusCode != 200 || len(body) == 0 || resp.ContentLength <= int64(len(body)) {
			t.Errorf("%s cut_body: want a 200 whose body stops halfway, got %v, %d bytes, %v", route, resp, len(body), err)
		}
		if _, body, err := do(); err != nil || !json.Valid(body) {
			t.Errorf("%s after the faults: want a whole answer, got %v %q", route, err, body)
		}
		ts.Close()
		// A hijacked connection is not one Close waits for: the reset's
		// line may still be on its way.
		for deadline := time.Now().Add(5 * time.Second); strings.Count(logs.String(), "\n") < 3 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		// In any order: the reset's line is written when its handler ends,
		// which may be after the next request's.
		lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
		unanswered := 0
		for _, line := range lines {
			if strings.Contains(line, "GET /v1"+route+" - ") {
				unanswered++
			}
		}
		if len(lines) != 3 || unanswered != 1 || strings.Count(logs.String(), " 200 ") != 2 {
			t.Errorf("%s: want the reset logged as unanswered (-) and two answers, got:\n%s", route, logs.String())
		}
	}
}

func TestLatencyFlag(t *testing.T) {
	o, err := parseFlags([]string{"-latency", "150ms,jitter=20ms"}, &bytes.Buffer{})
	if err != nil || o.latency.Base != 150*time.Millisecond || o.latency.Jitter != 20*time.Millisecond || o.latency.String() != "150ms,jitter=20ms" {
		t.Fatalf("got %+v, %v", o.latency, err)
	}
	o.latency.Base, o.latency.Jitter = 30*time.Millisecond, 0
	srv, _, err := newServer(o)
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/health", nil))
	if took := time.Since(began); rec.Code != 200 || took < 30*time.Millisecond {
		t.Fatalf("got %d after %s, want 200 after 30ms", rec.Code, took)
	}
}

func TestBadFlagsAreRefused(t *testing.T) {
	for _, args := range [][]string{{"-fault", "status=200"}, {"-listen", "nonsense"}, {"-conversations", "many"},
		{"-latency", "far"}, {"-latency", "10ms,jitter=1s"}} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
	if _, _, err := newServer(options{fixture: "/does/not/exist"}); err == nil {
		t.Error("a missing fixture must be an error")
	}
}

func TestRunServesUntilInterrupted(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"-listen", "127.0.0.1:0", "-conversations", "5", "-url-file", urlFile}, &stdout, &stderr)
	}()
	var base string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			base = strings.TrimSpace(string(b))
			break
		}
	}
	if base == "" {
		t.Fatal("the sandbox never wrote its URL")
	}
	resp, err := http.Get(base + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", resp, err)
	}
	_ = resp.Body.Close()
	p, _ := os.FindProcess(os.Getpid())
	_ = p.Signal(os.Interrupt)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the sandbox did not stop on SIGINT")
	}
	if !strings.Contains(stdout.String(), "), 5 conversations at "+base) || !strings.Contains(stdout.String(), "stopped") {
		t.Errorf("stdout: %q", stdout.String())
	}
}

func TestDumpFixtureWritesTheOrganizationItWouldServe(t *testing.T) {
	path := filepath.Join(t.TempDir(), "org.json")
	var out bytes.Buffer
	if err := run([]string{"-dump-fixture", path, "-conversations", "20", "-seed", "3"}, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	org, err := sandbox.ReadFixture(f)
	if err != nil || len(org.Conversations) != 20 || len(org.Labels) == 0 || org.Me == nil || !strings.HasPrefix(out.String(), "wrote "+path) {
		t.Fatalf("got %d conversations, %d labels, me %s, %v; said %q", len(org.Conversations), len(org.Labels), org.Me, err, out.String())
	}
	// Served again from the file: the same organization.
	o, err := parseFlags([]string{"-fixture", path}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	srv, count, err := newServer(o)
	if id, _, _ := srv.OrganizationInfo(); err != nil || count != 20 || id == "org_00000000000000000000000000" {
		t.Fatalf("served %d conversations of %s: %v", count, id, err)
	}
}

// lockedBuffer is a log's buffer that handlers write from their own
// goroutines while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
