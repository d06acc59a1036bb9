// Package acctest holds helpers for the provider's acceptance tests: a
// sandbox per test and knownvalue checks built from sandbox records.
package acctest

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// Sandbox is a running fake API for one test.
type Sandbox struct {
	*sandbox.Server
	URL    string // base URL, ending in /v1
	APIKey string
}

// StartSandbox serves a sandbox on loopback until the test ends.
func StartSandbox(t testing.TB, opts sandbox.Options) *Sandbox {
	t.Helper()
	if len(opts.APIKeys) == 0 {
		opts.APIKeys = []string{sandbox.DefaultAPIKey}
	}
	s := sandbox.New(opts)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &Sandbox{Server: s, URL: srv.URL + "/v1", APIKey: opts.APIKeys[0]}
}

// ProviderBlock is a provider "kirimchat" block pointing at the sandbox, with
// extra attribute lines appended.
func (s *Sandbox) ProviderBlock(extra ...string) string {
	return fmt.Sprintf("provider \"kirimchat\" {\n  base_url = %q\n  api_key  = %q\n  %s\n}\n",
		s.URL, s.APIKey, strings.Join(extra, "\n  "))
}

// ListRequests returns the recorded requests to path.
func (s *Sandbox) ListRequests(path string) []sandbox.Request {
	var out []sandbox.Request
	for _, r := range s.Requests() {
		if r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// IDs returns the records' ids in order: conversations, contacts or labels.
func IDs[T sandbox.Conversation | sandbox.Contact | sandbox.Label](records []T) []string {
	out := make([]string, len(records))
	for i, r := range records {
		switch r := any(r).(type) {
		case sandbox.Conversation:
			out[i] = r.ID
		case sandbox.Contact:
			out[i] = r.ID
		case sandbox.Label:
			out[i] = r.ID
		}
	}
	return out
}

// CountStatus counts recorded requests to path answered with status (0 = no answer).
func (s *Sandbox) CountStatus(path string, status int) int {
	n := 0
	for _, r := range s.ListRequests(path) {
		if r.Status == status {
			n++
		}
	}
	return n
}

// ContactID is the contact of every ConversationJSON row.
const ContactID = "ctc_00000000000000000000000001"

// SampleConversation is a sandbox conversation with every field set, nested
// objects included, for tests that script a server's answers.
func SampleConversation(id string) sandbox.Conversation {
	text := func(s string) *string { return &s }
	return sandbox.Conversation{ID: id, Object: "conversation", Status: "open",
		Contact:         &sandbox.ContactRef{ID: ContactID, PhoneNumber: text("+6281234567890"), Name: text("Siti")},
		WhatsAppAccount: &sandbox.WhatsAppAccount{PhoneNumber: text("+6280000000001")},
		Assignee:        &sandbox.Agent{ID: "usr_1", Name: text("Budi")},
		UnreadCount:     1, LastMessageAt: text("2026-11-20T10:00:00Z"),
		CreatedAt: "2026-11-01T10:00:00Z", UpdatedAt: "2026-11-20T10:00:00.123Z"}
}

// ConversationJSON is SampleConversation as the API sends it, its JSON made
// by the sandbox's own encoding, for tests that script a server's answers.
// changes replace fields; a nil change removes the field.
func ConversationJSON(id string, changes map[string]any) string {
	b, err := json.Marshal(SampleConversation(id))
	if err != nil {
		panic(err)
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		panic(err)
	}
	for k, v := range changes {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	if b, err = json.Marshal(c); err != nil {
		panic(err)
	}
	return string(b)
}
