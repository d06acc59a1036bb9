package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestDumpFixtureAlwaysWritesAsOf: a generated organization's dump says the
// clock it was generated at (the current minute); a fixture without as_of,
// dumped again, gets the current time, and the dump says so on stderr.
func TestDumpFixtureAlwaysWritesAsOf(t *testing.T) {
	dir := t.TempDir()
	asOf := func(path string) time.Time {
		t.Helper()
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal(raw, &f); err != nil {
			t.Fatal(err)
		}
		at, err := time.Parse(time.RFC3339, f.AsOf)
		if err != nil {
			t.Fatalf("%s: as_of %q: %v", path, f.AsOf, err)
		}
		return at
	}

	before := time.Now()
	generated := filepath.Join(dir, "generated.json")
	if err := run([]string{"-dump-fixture", generated, "-conversations", "5"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if at := asOf(generated); at.Second() != 0 || at.Before(before.Truncate(time.Minute)) || at.After(time.Now()) {
		t.Errorf("generated: as_of %v, want the current minute", at)
	}

	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, []byte(`[`+conversation("cnv_A", "open")+`]`), 0o600); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "again.json")
	var stderr bytes.Buffer
	before = time.Now().Truncate(time.Second)
	if err := run([]string{"-fixture", old, "-dump-fixture", again}, &bytes.Buffer{}, &stderr); err != nil {
		t.Fatal(err)
	}
	if at := asOf(again); at.Before(before) || at.After(time.Now()) {
		t.Errorf("a fixture without as_of: dumped with as_of %v, want now", at)
	}
	if !strings.Contains(stderr.String(), old+" has no as_of") {
		t.Errorf("stderr: %q", stderr.String())
	}
}

// dump runs the binary's run function with -dump-fixture and returns the
// file it wrote.
func dump(t *testing.T, args ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dump.json")
	if err := run(append([]string{"-dump-fixture", path}, args...), &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestAsOfMakesTheDumpByteIdentical: the same -seed, -conversations and
// -as-of give the same file, byte for byte, whenever it is run, with as_of
// the clock given; another -as-of or -seed gives another file; and the
// default organization at the package's clock (2026-11-01 noon) is the one
// the tests and examples name.
func TestAsOfMakesTheDumpByteIdentical(t *testing.T) {
	args := []string{"-seed", "7", "-conversations", "120", "-as-of", "2027-01-15T08:30:00Z"}
	first, second := dump(t, args...), dump(t, args...)
	if !bytes.Equal(first, second) {
		t.Fatal("two dumps with the same -seed, -conversations and -as-of differ")
	}
	if !bytes.HasPrefix(first, []byte("{\n  \"as_of\": \"2027-01-15T08:30:00Z\",\n")) {
		t.Errorf("the dump's as_of is not the -as-of given: %.80s", first)
	}
	if bytes.Equal(first, dump(t, "-seed", "7", "-conversations", "120", "-as-of", "2027-01-15T08:31:00Z")) {
		t.Error("another -as-of gave the same dump")
	}
	if bytes.Equal(first, dump(t, "-seed", "8", "-conversations", "120", "-as-of", "2027-01-15T08:30:00Z")) {
		t.Error("another -seed gave the same dump")
	}
	// The same instant written in another offset is the same clock.
	if !bytes.Equal(first, dump(t, "-seed", "7", "-conversations", "120", "-as-of", "2027-01-15T15:30:00+07:00")) {
		t.Error("-as-of in +07:00 is not the same clock as in Z")
	}

	fixture, err := sandbox.New(sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 300}}).Fixture(sandbox.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.MarshalIndent(fixture, "", "  ")
	if got := dump(t, "-as-of", "2026-11-01T12:00:00Z"); !bytes.Equal(got, append(want, '\n')) {
		t.Error("-as-of 2026-11-01T12:00:00Z is not the package's default organization")
	}
}

// TestWithoutAsOfTheClockIsTheCurrentMinute: without -as-of, the
// organization is anchored at the current time truncated to the minute:
// the same within a minute, another one a minute later.
func TestWithoutAsOfTheClockIsTheCurrentMinute(t *testing.T) {
	at := func(now time.Time) []byte {
		t.Helper()
		o, err := parseFlags([]string{"-conversations", "40"}, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		o.now = func() time.Time { return now }
		srv, _, err := newServer(o)
		if err != nil {
			t.Fatal(err)
		}
		fixture, err := srv.Fixture(o.apiKey)
		if err != nil {
			t.Fatal(err)
		}
		if want := now.UTC().Truncate(time.Minute).Format(time.RFC3339); fixture.AsOf != want {
			t.Errorf("at %v: as_of %s, want %s", now, fixture.AsOf, want)
		}
		b, _ := json.Marshal(fixture)
		return b
	}
	noon := time.Date(2027, 3, 1, 12, 0, 5, 0, time.UTC)
	if !bytes.Equal(at(noon), at(noon.Add(50*time.Second))) {
		t.Error("two dumps within a minute differ")
	}
	if bytes.Equal(at(noon), at(noon.Add(time.Minute))) {
		t.Error("two dumps a minute apart are the same")
	}
}

// TestAsOfWithAFixture: -as-of gives a fixture without as_of its as_of, is
// refused when it contradicts the fixture's own, and is refused when it is
// not RFC 3339.
func TestAsOfWithAFixture(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.json")
	if err := os.WriteFile(old, []byte(`[`+conversation("cnv_A", "open")+`]`), 0o600); err != nil {
		t.Fatal(err)
	}
	got := dump(t, "-fixture", old, "-as-of", "2026-11-01T19:00:00+07:00")
	if !bytes.HasPrefix(got, []byte("{\n  \"as_of\": \"2026-11-01T19:00:00+07:00\",\n")) {
		t.Errorf("the fixture's as_of is not -as-of as written: %.80s", got)
	}
	withAsOf := filepath.Join(dir, "with.json")
	if err := os.WriteFile(withAsOf, got, 0o600); err != nil {
		t.Fatal(err)
	}
	if again := dump(t, "-fixture", withAsOf, "-as-of", "2026-11-01T12:00:00Z"); !bytes.Equal(again, got) {
		t.Error("the same instant as the fixture's as_of changed the dump")
	}
	err := run([]string{"-fixture", withAsOf, "-as-of", "2026-11-02T12:00:00Z", "-dump-fixture", filepath.Join(dir, "x.json")}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), withAsOf+" says as_of 2026-11-01T19:00:00+07:00, and -as-of says 2026-11-02T12:00:00Z") {
		t.Errorf("a contradicting -as-of: %v", err)
	}
	for _, bad := range []string{"2026-11-01", "2026-11-01 12:00:00", "yesterday"} {
		if _, err := parseFlags([]string{"-as-of", bad}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "not an RFC 3339 time") {
			t.Errorf("-as-of %s: %v", bad, err)
		}
	}
}
