package sandbox_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestEveryExampleValueExistsInTheDefaultSandbox: the ids and phone numbers
// in the README, the docs and the examples are ones a user finds in the
// sandbox as `kirimchat-sandbox` serves it by default (seed 1, 300
// conversations), so that copying an example never gives "not found".
func TestEveryExampleValueExistsInTheDefaultSandbox(t *testing.T) {
	org := sandbox.GenerateOrganization(sandbox.GenerateOptions{Seed: 1, Conversations: 300})
	known := map[string]bool{org.ID: true}
	for _, c := range org.Conversations {
		known[c.ID] = true
		if c.Assignee != nil {
			known[c.Assignee.ID] = true
		}
		if c.WhatsAppAccount.PhoneNumber != nil {
			known[*c.WhatsAppAccount.PhoneNumber] = true
		}
	}
	for _, c := range org.Contacts {
		known[c.ID] = true
		if c.PhoneNumber != nil {
			known[*c.PhoneNumber] = true
		}
	}
	for _, l := range org.Labels {
		known[l.ID] = true
	}

	value := regexp.MustCompile(`\b(?:cnv|ctc|org|usr|lbl)_[0-9A-Za-z]{26}\b|\+[1-9][0-9]{6,14}\b`)
	files := []string{"../../README.md"}
	for _, root := range []string{"../../docs", "../../examples", "../../templates"} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
	}
	checked := 0
	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range slices.Compact(value.FindAllString(string(text), -1)) {
			checked++
			if !known[strings.TrimSpace(v)] {
				t.Errorf("%s: %s is not in the default sandbox", strings.TrimPrefix(file, "../../"), v)
			}
		}
	}
	if checked < 5 {
		t.Fatalf("only %d values found: is the pattern right?", checked)
	}
}
