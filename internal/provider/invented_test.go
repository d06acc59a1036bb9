package provider_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestAccNothingInStateIsInvented reads every data source from the sandbox
// with the real CLI, then reads the same answers from the API directly, and
// finds every value of the state in them: the same field, the same value,
// null only where the API sent null. Nothing is defaulted or made up.
func TestAccNothingInStateIsInvented(t *testing.T) {
	sb := acctest.StartSandbox(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 21, Conversations: 260}})
	contactID := sb.Contacts()[0].ID
	w := newWorkspace(t, sb.ProviderBlock()+`
data "kirimchat_conversations" "all" {}
data "kirimchat_contacts" "all" {}
data "kirimchat_labels" "all" {}
data "kirimchat_me" "this" {}
data "kirimchat_contact" "one" {
  id = "`+contactID+`"
}
`)
	if exit, out := w.apply(); exit != 0 {
		t.Fatalf("apply failed:\n%s", out)
	}
	state := readState(t, filepath.Join(w.dir, "terraform.tfstate"))

	for _, list := range []struct{ address, path, attribute string }{
		{"data.kirimchat_conversations.all", "/conversations", "conversations"},
		{"data.kirimchat_contacts.all", "/contacts", "contacts"},
		{"data.kirimchat_labels.all", "/labels", "labels"},
	} {
		answered := drainRaw(t, sb, list.path)
		attrs := state[list.address]
		foundIn(t, list.address+"."+list.attribute, attrs[list.attribute], answered)
		var ids []any
		for _, row := range answered {
			ids = append(ids, row.(map[string]any)["id"])
		}
		foundIn(t, list.address+".ids", attrs["ids"], ids)
		if len(answered) < 5 {
			t.Errorf("%s: only %d records; the test needs a fuller sandbox", list.address, len(answered))
		}
	}

	me := getRaw(t, sb, "/me")["data"].(map[string]any)
	for _, attr := range []string{"organization", "api_key", "rate_limits"} {
		foundIn(t, "data.kirimchat_me.this."+attr, state["data.kirimchat_me.this"][attr], me[attr])
	}
	foundIn(t, "data.kirimchat_me.this.id", state["data.kirimchat_me.this"]["id"], me["organization"].(map[string]any)["id"])

	contact := getRaw(t, sb, "/contacts/"+contactID)["data"]
	foundIn(t, "data.kirimchat_contact.one", state["data.kirimchat_contact.one"], contact)
}

// foundIn holds a value of the state to the API's answer at the same place.
func foundIn(t *testing.T, where string, stored, answered any) {
	t.Helper()
	switch s := stored.(type) {
	case map[string]any:
		a, ok := answered.(map[string]any)
		if !ok {
			t.Errorf("%s: an object in state, %v in the answer", where, answered)
			return
		}
		for name, v := range s {
			av, sent := a[name]
			if !sent {
				t.Errorf("%s.%s: in state (%v), but the API did not send it", where, name, v)
				continue
			}
			foundIn(t, where+"."+name, v, av)
		}
	case []any:
		a, ok := answered.([]any)
		if !ok || len(a) != len(s) {
			t.Errorf("%s: a list of %d in state, %v in the answer", where, len(s), answered)
			return
		}
		for i := range s {
			foundIn(t, fmt.Sprintf("%s[%d]", where, i), s[i], a[i])
		}
	case string:
		if obj, isObject := answered.(map[string]any); isObject { // metadata: the object as JSON text
			var decoded any
			if json.Unmarshal([]byte(s), &decoded) != nil || !reflect.DeepEqual(normalize(decoded), normalize(obj)) {
				t.Errorf("%s: %q in state, %v in the answer", where, s, obj)
			}
			return
		}
		if answered != s {
			t.Errorf("%s: %q in state, %v in the answer", where, s, answered)
		}
	default: // null, numbers, booleans
		if !reflect.DeepEqual(stored, answered) {
			t.Errorf("%s: %v in state, %v in the answer", where, stored, answered)
		}
	}
}

// normalize round-trips a value through JSON numbers, so that equal JSON
// compares equal.
func normalize(v any) any {
	b, _ := json.Marshal(v)
	var out any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	_ = d.Decode(&out)
	return out
}

// readState is each data source's attributes in a state file, by address.
func readState(t *testing.T, path string) map[string]map[string]any {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&state); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, r := range state.Resources {
		out[r.Mode[:4]+"."+r.Type+"."+r.Name] = r.Instances[0].Attributes
	}
	return out
}

// getRaw is the API's answer to GET path, as JSON values.
func getRaw(t *testing.T, sb *acctest.Sandbox, path string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, sb.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+sb.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	return out
}

// drainRaw is every row of a list endpoint, in the API's order.
func drainRaw(t *testing.T, sb *acctest.Sandbox, path string) []any {
	t.Helper()
	var rows []any
	query := "?limit=100"
	for range 1000 {
		page := getRaw(t, sb, path+query)
		rows = append(rows, page["data"].([]any)...)
		if page["has_more"] != true {
			return rows
		}
		query = "?limit=100&cursor=" + url.QueryEscape(page["next_cursor"].(string))
	}
	t.Fatal("no end of pages")
	return nil
}
