package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// recordKey is the key recordings are made with here, as a real one would
// be: another than the key the recording is served with.
const recordKey = "kdv_live_recordREALreal_real9"

// recordingSource serves a generated organization of 250 conversations to
// record from, with recordKey.
func recordingSource(t *testing.T) (*sandbox.Server, string) {
	t.Helper()
	s := sandbox.New(sandbox.Options{APIKeys: []string{recordKey},
		Generated: sandbox.GenerateOptions{Seed: 5, Conversations: 250, Now: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/v1"
}

// TestRecordWritesAFixtureTheSandboxServes: -record BASE_URL -dump-fixture
// FILE reads the organization with KIRIMCHAT_API_KEY, says how far it is on
// stderr and what it scrubbed and kept on stdout, and writes a fixture that
// -fixture serves: the same conversations, under pseudonyms.
func TestRecordWritesAFixtureTheSandboxServes(t *testing.T) {
	source, url := recordingSource(t)
	t.Setenv("KIRIMCHAT_API_KEY", recordKey)
	t.Setenv(recordKeyEnv, "")
	path := filepath.Join(t.TempDir(), "recorded.json")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-record", url, "-dump-fixture", path}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for _, line := range []string{"wrote " + path + ": 250 conversations, ", "read " + url + ": 6 requests (GET /me and 5 pages), 0 answered 429 and were waited out; took ",
		"scrubbed: ", "(now the sandbox key's, ...box0)", "kept as they are: ids, statuses, counts, timestamps, nulls, label names, the organization's name and its ",
		"NOT scrubbed: members the API does not document, kept as it sent them (review them before you commit the file):",
		"  conversation.", "review " + path + " before you commit it"} {
		if !strings.Contains(stdout.String(), line) {
			t.Errorf("stdout lacks %q:\n%s", line, stdout.String())
		}
	}
	for _, line := range []string{"record: me: PT Sandbox Nusantara (", "record: conversations: 250 in 3 pages", "record: labels: 9 in 1 page"} {
		if !strings.Contains(stderr.String(), line) {
			t.Errorf("stderr lacks %q:\n%s", line, stderr.String())
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte(recordKey)) || bytes.Contains(data, []byte("eal9")) {
		t.Error("the recording holds the key it was made with, or its last4")
	}
	for _, c := range source.Contacts() {
		if c.Name != nil && bytes.Contains(data, []byte(*c.Name)) {
			t.Errorf("the recording holds the name %q", *c.Name)
		}
	}
	o, err := parseFlags([]string{"-fixture", path}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	served, count, err := newServer(o)
	if err != nil || count != 250 {
		t.Fatalf("-fixture of the recording: %d conversations, %v", count, err)
	}
	want := source.Conversations()
	for i, cv := range served.Conversations() {
		if cv.ID != want[i].ID || cv.Status != want[i].Status || cv.UpdatedAt != want[i].UpdatedAt {
			t.Fatalf("conversation %d: %s %s, recorded from %s %s", i, cv.ID, cv.Status, want[i].ID, want[i].Status)
		}
	}
}

// TestARecordingThatFailsWritesNothing: an answer the client refuses — a
// contract error, or paging that cannot go on — fails the recording with
// the client's message; the file is not written (one already there stays
// as it was), and no temporary file is left beside it.
func TestARecordingThatFailsWritesNothing(t *testing.T) {
	t.Setenv("KIRIMCHAT_API_KEY", recordKey)
	for _, tc := range []struct {
		fault sandbox.Fault
		want  string
	}{
		{sandbox.Fault{Path: "/contacts", MalformedJSON: true},
			"reading GET /contacts (after 0 pages, 0 records): GET /contacts answered HTTP 200 with a body that breaks the API's contract: "},
		{sandbox.Fault{Path: "/conversations", Skip: 1, DropNextCursor: true},
			"reading GET /conversations (after 2 pages, 200 records): paging through /conversations stopped at page 2: has_more is true but next_cursor is empty"},
		{sandbox.Fault{Path: "/me", Status: 401},
			"reading GET /me: HTTP 401"},
	} {
		source, url := recordingSource(t)
		source.AddFault(tc.fault)
		dir := t.TempDir()
		path := filepath.Join(dir, "organization.json")
		if err := os.WriteFile(path, []byte("the last good recording\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		err := run([]string{"-record", url, "-dump-fixture", path}, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), "the recording failed, and "+path+" was not written: "+tc.want) {
			t.Errorf("%+v: got %v", tc.fault, err)
		}
		if got, _ := os.ReadFile(path); string(got) != "the last good recording\n" {
			t.Errorf("%+v: the file is now %.60q", tc.fault, got)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("%+v: %d files beside it, want none", tc.fault, len(entries)-1)
		}
		if strings.Contains(stdout.String(), "wrote") {
			t.Errorf("%+v: stdout says it wrote: %s", tc.fault, stdout.String())
		}
	}
}

// TestRecordRefusesWhatItCannotDoSafely: no key, no file, plain http to
// a host that is not loopback (before any request), the real key as the
// fixture's, a directory that does not exist (before the long read).
func TestRecordRefusesWhatItCannotDoSafely(t *testing.T) {
	_, url := recordingSource(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "o.json")
	for _, tc := range []struct {
		key  string
		args []string
		want string
	}{
		{"", []string{"-record", url, "-dump-fixture", file}, "KIRIMCHAT_API_KEY, which is not set"},
		{recordKey, []string{"-record", url}, "-record needs -dump-fixture FILE"},
		{recordKey, []string{"-record", url, "-dump-fixture", file, "-fixture", file}, "it takes no -fixture"},
		{recordKey, []string{"-record", "http://api.example.com/v1", "-dump-fixture", file},
			"-record: the base URL http://api.example.com/… (the rest not shown) uses plain http to a host that is not loopback; use https " +
				"(http is accepted only for localhost, 127.0.0.0/8 and ::1)"},
		{recordKey, []string{"-record", "https://api.example.com/v1", "-dump-fixture", file, "-api-key", recordKey},
			"-api-key is the key the sandbox will serve the recording with, and it is the key in KIRIMCHAT_API_KEY"},
		{recordKey, []string{"-record", url, "-dump-fixture", filepath.Join(dir, "missing", "o.json")}, "-dump-fixture: cannot write beside"},
		{recordKey, []string{"-record", url, "-dump-fixture", file, "-record-requests-per-minute", "-1"}, "-record-requests-per-minute -1 is negative"},
	} {
		t.Setenv("KIRIMCHAT_API_KEY", tc.key)
		err := run(tc.args, &bytes.Buffer{}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.args, err, tc.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("%d files written", len(entries))
	}
}

// TestRecordRequestsPerMinuteFixesThePace: -record-requests-per-minute
// paces the recording at that rate from its first request.
func TestRecordRequestsPerMinuteFixesThePace(t *testing.T) {
	source, url := recordingSource(t)
	t.Setenv("KIRIMCHAT_API_KEY", recordKey)
	path := filepath.Join(t.TempDir(), "o.json")
	began := time.Now()
	if err := run([]string{"-record", url, "-dump-fixture", path, "-record-requests-per-minute", "300"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	if n := len(source.Requests()); n != 6 {
		t.Fatalf("%d requests", n)
	}
	// 300 a minute is one every 200 ms: six requests take a second at least
	// (the first goes at once); unpaced, they take milliseconds.
	if took < 900*time.Millisecond {
		t.Errorf("six requests at 300 a minute took %s", took)
	}
}

// Flags that only a serving or generating sandbox reads are named as
// ignored with -record, and the hint to serve the recording carries the
// -api-key its GET /me describes.
func TestRecordSaysWhatItIgnoresAndHowToServeTheRecording(t *testing.T) {
	_, url := recordingSource(t)
	t.Setenv("KIRIMCHAT_API_KEY", recordKey)
	t.Setenv(recordKeyEnv, "")
	path := filepath.Join(t.TempDir(), "recorded.json")
	var stdout, stderr bytes.Buffer
	args := []string{"-record", url, "-dump-fixture", path, "-as-of", "2020-01-01T00:00:00Z", "-seed", "9", "-rebase", "-api-key", "kdv_test_aaaaaaaaaaaaaaaaaaaaaaaa"}
	if err := run(args, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "warning: -seed, -as-of, -rebase serve or generate an organization, and -record only reads one from the API") {
		t.Errorf("stderr does not name the ignored flags:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "serve it with: kirimchat-sandbox -fixture "+path+" -api-key kdv_test_aaaaaaaaaaaaaaaaaaaaaaaa") {
		t.Errorf("the hint does not carry -api-key:\n%s", stdout.String())
	}
}
