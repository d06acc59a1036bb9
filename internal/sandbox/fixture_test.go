package sandbox_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

const exampleFixture = "../../examples/sandbox/organization.json"

func fixtureSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile("fixture.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return schema
}

func validate(t *testing.T, schema *jsonschema.Schema, what string, data []byte) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(doc); err != nil {
		t.Errorf("%s does not match fixture.schema.json: %v", what, err)
	}
}

// TestTheFixtureFormat: the documented example and the seeded organization,
// as -dump-fixture writes it, match the JSON Schema; the schema refuses a
// fixture that breaks the contract; and a dump read back serves the same
// organization.
func TestTheFixtureFormat(t *testing.T) {
	schema := fixtureSchema(t)
	example, err := os.ReadFile(exampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, schema, "the example", example)

	seeded := sandbox.New(sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 1, Conversations: 300}})
	fixture, err := seeded.Fixture(sandbox.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	dump, _ := json.Marshal(fixture)
	validate(t, schema, "the seeded organization", dump)

	broken, _ := jsonschema.UnmarshalJSON(strings.NewReader(strings.Replace(string(example), `"object": "conversation"`, `"object": 3`, 1)))
	if schema.Validate(broken) == nil {
		t.Error("the schema accepts a conversation whose object is a number")
	}

	org, err := sandbox.ReadFixture(bytes.NewReader(dump))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := sandbox.New(sandbox.Options{Organization: &org}).Fixture("another key, not used: the fixture's /me is served")
	if b, _ := json.Marshal(again); !bytes.Equal(b, dump) {
		t.Error("a dumped organization read back is not the same organization")
	}
}

// TestAFixtureIsServedVerbatim: every field of the example fixture, the
// ones the contract does not document included, at any depth, reaches the
// wire as the file has it.
func TestAFixtureIsServedVerbatim(t *testing.T) {
	f, err := os.Open(exampleFixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	org, err := sandbox.ReadFixture(f)
	if err != nil {
		t.Fatal(err)
	}
	_, base := start(t, sandbox.Options{Organization: &org})
	raw, _ := os.ReadFile(exampleFixture)
	var want sandbox.Fixture
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	answer := func(path string) any {
		_, body := get(t, base+path, sandbox.DefaultAPIKey)
		var page struct{ Data any }
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		return page.Data
	}
	same := func(what string, got any, wantJSON []byte) {
		t.Helper()
		var w any
		_ = json.Unmarshal(wantJSON, &w)
		g, _ := json.Marshal(got)
		wb, _ := json.Marshal(w)
		if !bytes.Equal(g, wb) {
			t.Errorf("%s:\n got %s\nwant %s", what, g, wb)
		}
	}
	same("/me", answer("/me"), want.Me)
	conversations, _ := json.Marshal(want.Conversations)
	same("/conversations", answer("/conversations"), sortedLike(t, conversations, answer("/conversations")))
	contacts, _ := json.Marshal(want.Contacts)
	same("/contacts", answer("/contacts"), sortedLike(t, contacts, answer("/contacts")))
	labels, _ := json.Marshal(want.Labels)
	same("/labels", answer("/labels"), labels)
	for _, field := range []string{`"priority":"high"`, `"crm":{"since":2019,"tier":"gold"}`, `"loyalty":{"card":{"level":"silver"}`, `"archived":false`, `"plan_note":"kept verbatim"`} {
		all, _ := json.Marshal([]any{answer("/me"), answer("/conversations"), answer("/contacts"), answer("/labels")})
		if !strings.Contains(string(all), field) {
			t.Errorf("%s did not reach the wire", field)
		}
	}
}

// sortedLike orders the records of want (a JSON array) as got has them: the
// sandbox serves lists in the API's order, not the file's.
func sortedLike(t *testing.T, want []byte, got any) []byte {
	t.Helper()
	var records []map[string]any
	_ = json.Unmarshal(want, &records)
	byID := map[string]map[string]any{}
	for _, r := range records {
		byID[r["id"].(string)] = r
	}
	var out []map[string]any
	for _, g := range got.([]any) {
		out = append(out, byID[g.(map[string]any)["id"].(string)])
	}
	b, _ := json.Marshal(out)
	return b
}
