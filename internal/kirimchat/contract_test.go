package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// TestTheClientsTablesFollowTheContract: every record's table names exactly
// the contract's documented fields, in its order, nullable exactly where the
// contract allows null, nested objects included. A field the schema adds and
// the table lacks (or the other way round) fails here by name.
func TestTheClientsTablesFollowTheContract(t *testing.T) {
	contract, err := acctest.ContractRecords()
	if err != nil {
		t.Fatal(err)
	}
	records := Records()
	for name, want := range contract {
		if diff := compareFields(name, records[name], want); diff != "" {
			t.Errorf("the client's %s table differs from fixture.schema.json:\n%s", name, diff)
		}
	}
	for name, fields := range records {
		assertAtMost64Fields(t, name, fields)
	}
	if len(records) != len(contract) {
		t.Errorf("the client reads %d records, the contract documents %d", len(records), len(contract))
	}
}

// assertAtMost64Fields: readObject tracks the fields seen in a uint64.
func assertAtMost64Fields(t *testing.T, where string, fields []Field) {
	t.Helper()
	if len(fields) > 64 {
		t.Errorf("%s has %d fields, more than the 64 readObject can track", where, len(fields))
	}
	for _, f := range fields {
		assertAtMost64Fields(t, where+"."+f.Name, f.Object)
	}
}

func compareFields(where string, got []Field, want []acctest.ContractField) string {
	var diffs []string
	for _, w := range want {
		i := slices.IndexFunc(got, func(f Field) bool { return f.Name == w.Name })
		if i < 0 {
			diffs = append(diffs, fmt.Sprintf("%s.%s is documented and not read", where, w.Name))
			continue
		}
		g := got[i]
		if g.Nullable != w.Nullable() {
			diffs = append(diffs, fmt.Sprintf("%s.%s: nullable %v, the contract says %v", where, w.Name, g.Nullable, w.Nullable()))
		}
		if (g.Object != nil) != (w.Fields != nil) {
			diffs = append(diffs, fmt.Sprintf("%s.%s: read as an object %v, the contract's object %v", where, w.Name, g.Object != nil, w.Fields != nil))
		} else if g.Object != nil {
			if d := compareFields(where+"."+w.Name, g.Object, w.Fields); d != "" {
				diffs = append(diffs, d)
			}
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(want, func(w acctest.ContractField) bool { return w.Name == g.Name }) {
			diffs = append(diffs, fmt.Sprintf("%s.%s is read and not documented", where, g.Name))
		}
	}
	return strings.Join(diffs, "\n")
}

// contractCase is one record the client reads, with a valid answer built
// from a sandbox record and the call that reads it.
type contractCase struct {
	record string
	// valid is the record as the sandbox serves it, every nested object set.
	valid map[string]any
	// answer wraps a record into the body the endpoint sends, at is where
	// the record is in it, as a JSON pointer.
	answer func(record []byte) string
	at     string
	read   func(*Client) error
}

func contractCases(t *testing.T) []contractCase {
	t.Helper()
	org := sandbox.GenerateOrganization(sandbox.GenerateOptions{Seed: 3, Conversations: 40})
	i := slices.IndexFunc(org.Conversations, func(c sandbox.Conversation) bool {
		return c.Contact != nil && c.WhatsAppAccount != nil && c.Assignee != nil && c.LastMessageAt != nil && c.LastInboundAt != nil
	})
	j := slices.IndexFunc(org.Contacts, func(c sandbox.Contact) bool {
		return c.WhatsAppAccount != nil && string(c.Metadata) != "null"
	})
	if i < 0 || j < 0 {
		t.Fatal("the sandbox has no conversation or contact with every nested object set")
	}
	fixture, err := sandbox.New(sandbox.Options{Organization: &org}).Fixture(sandbox.DefaultAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	list := func(record []byte) string { return pageJSON(false, "", string(record)) }
	data := func(record []byte) string { return `{"data":` + string(record) + `}` }
	return []contractCase{
		{record: "conversation", valid: asMap(t, org.Conversations[i]), answer: list, at: "/data/0/", read: func(c *Client) error {
			_, err := c.ListConversations(context.Background(), ListConversationsOptions{})
			return err
		}},
		{record: "contact", valid: asMap(t, org.Contacts[j]), answer: list, at: "/data/0/", read: func(c *Client) error {
			_, err := c.ListContacts(context.Background(), ListContactsOptions{})
			return err
		}},
		{record: "label", valid: asMap(t, org.Labels[0]), answer: list, at: "/data/0/", read: func(c *Client) error {
			_, err := c.ListLabels(context.Background(), ListLabelsOptions{})
			return err
		}},
		{record: "me", valid: asMap(t, fixture.Me), answer: data, at: "/data/", read: func(c *Client) error {
			_, err := c.GetMe(context.Background())
			return err
		}},
	}
}

func asMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEveryDocumentedFieldIsRequiredWithItsType takes each record's fields
// from the contract's schema, never from the client: for every field, at
// every depth, an answer without it, with null where the contract does not
// allow null, or with a value of another type fails the read with a contract
// error that points at the field; null where it is allowed is read.
func TestEveryDocumentedFieldIsRequiredWithItsType(t *testing.T) {
	contract, err := acctest.ContractRecords()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range contractCases(t) {
		if err := readOne(t, tc, tc.valid); err != nil {
			t.Fatalf("%s: the sandbox's own record is refused: %v", tc.record, err)
		}
		for _, path := range fieldPaths(contract[tc.record], nil) {
			where := tc.at + strings.Join(path.names, "/")
			t.Run(tc.record+"."+strings.Join(path.names, "."), func(t *testing.T) {
				assertRefused(t, readOne(t, tc, changed(tc.valid, path.names, nil, true)), where, "is missing")
				null := readOne(t, tc, changed(tc.valid, path.names, nil, false))
				if path.field.Nullable() {
					if null != nil {
						t.Errorf("null is allowed and was refused: %v", null)
					}
				} else {
					assertRefused(t, null, where, "is null")
				}
				assertRefused(t, readOne(t, tc, changed(tc.valid, path.names, otherKind(path.field.Kind()), false)), where, "not ")
			})
		}
	}
}

type fieldPath struct {
	names []string
	field acctest.ContractField
}

func fieldPaths(fields []acctest.ContractField, prefix []string) []fieldPath {
	var out []fieldPath
	for _, f := range fields {
		names := append(slices.Clone(prefix), f.Name)
		out = append(out, fieldPath{names: names, field: f})
		out = append(out, fieldPaths(f.Fields, names)...)
	}
	return out
}

// changed is record with the value at path set to v, or removed.
func changed(record map[string]any, path []string, v any, remove bool) map[string]any {
	out := maps.Clone(record)
	if len(path) == 1 {
		if remove {
			delete(out, path[0])
		} else {
			out[path[0]] = v
		}
		return out
	}
	nested, _ := out[path[0]].(map[string]any)
	out[path[0]] = changed(nested, path[1:], v, remove)
	return out
}

// otherKind is a value of another JSON type than kind.
func otherKind(kind string) any {
	if kind == "string" {
		return 7
	}
	return "7"
}

func readOne(t *testing.T, tc contractCase, record map[string]any) error {
	t.Helper()
	b, err := json.Marshal(record)
	if err != nil {
		t.Fatal(err)
	}
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json", tc.answer(b), "X-Request-Id", "req_contract"))
	return tc.read(c)
}

func assertRefused(t *testing.T, err error, where, problem string) {
	t.Helper()
	var ce *ContractError
	if !errors.As(err, &ce) {
		t.Errorf("want a contract error at %s, got %v", where, err)
		return
	}
	if ce.Where != where || !strings.Contains(ce.Problem, problem) || ce.RequestID != "req_contract" {
		t.Errorf("got %q %q (request id %q), want %q and %q", ce.Where, ce.Problem, ce.RequestID, where, problem)
	}
}
