package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
