package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/acctest"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/statewire"
)

// recordTables are the provider's tables, by the contract's record names.
var recordTables = map[string][]attributeShape{
	"conversation": conversationRecord.shapes(),
	"contact":      contactRecord.shapes(),
	"label":        labelRecord.shapes(),
	"me":           meRecord.shapes(),
}

// TestRecordTablesFollowTheContract is the contract made executable: for
// conversation, contact, label and me, the required fields of
// fixture.schema.json, at every depth, are exactly the provider's attribute
// table (with each field's type and nullability), the client's field table
// and the sandbox's known names. A field added to the schema and forgotten
// in any of them, or added to one of them alone, fails here by name.
func TestRecordTablesFollowTheContract(t *testing.T) {
	contract, err := acctest.ContractRecords()
	if err != nil {
		t.Fatal(err)
	}
	client := kirimchat.Records()
	known := sandbox.KnownFields()
	for _, name := range []string{"conversation", "contact", "label", "me"} {
		want := contract[name]
		if len(want) == 0 {
			t.Fatalf("the contract documents no %s", name)
		}
		for _, d := range compareShapes(name, recordTables[name], want) {
			t.Errorf("provider table: %s", d)
		}
		for _, d := range compareClient(name, client[name], want) {
			t.Errorf("client table: %s", d)
		}
		for _, d := range compareKnown(name, known, want) {
			t.Errorf("sandbox: %s", d)
		}
	}
	if len(client) != 4 || len(recordTables) != 4 {
		t.Errorf("records: client %d, provider %d, contract 4", len(client), len(recordTables))
	}
}

func names[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

func contractNames(fields []acctest.ContractField) []string {
	return names(fields, func(f acctest.ContractField) string { return f.Name })
}

func compareShapes(where string, got []attributeShape, want []acctest.ContractField) []string {
	var diffs []string
	if g, w := names(got, func(a attributeShape) string { return a.name }), contractNames(want); !slices.Equal(g, w) {
		return []string{fmt.Sprintf("%s has attributes %v, the contract %v", where, g, w)}
	}
	for i, w := range want {
		g := got[i]
		if g.kind != w.Kind() || g.nullable != w.Nullable() {
			diffs = append(diffs, fmt.Sprintf("%s.%s is a %s (nullable %v), the contract's a %s (nullable %v)",
				where, w.Name, g.kind, g.nullable, w.Kind(), w.Nullable()))
		}
		diffs = append(diffs, compareShapes(where+"."+w.Name, g.nested, w.Fields)...)
	}
	return diffs
}

func compareClient(where string, got []kirimchat.Field, want []acctest.ContractField) []string {
	var diffs []string
	if g, w := names(got, func(f kirimchat.Field) string { return f.Name }), contractNames(want); !slices.Equal(g, w) {
		return []string{fmt.Sprintf("%s reads %v, the contract has %v", where, g, w)}
	}
	for i, w := range want {
		if got[i].Nullable != w.Nullable() {
			diffs = append(diffs, fmt.Sprintf("%s.%s: nullable %v, the contract %v", where, w.Name, got[i].Nullable, w.Nullable()))
		}
		diffs = append(diffs, compareClient(where+"."+w.Name, got[i].Object, w.Fields)...)
	}
	return diffs
}

func compareKnown(where string, known map[string][]string, want []acctest.ContractField) []string {
	var diffs []string
	got := slices.Sorted(slices.Values(known[where]))
	if w := slices.Sorted(slices.Values(contractNames(want))); !slices.Equal(got, w) {
		diffs = append(diffs, fmt.Sprintf("%s knows %v, the contract has %v", where, got, w))
	}
	for _, w := range want {
		if w.Fields != nil {
			diffs = append(diffs, compareKnown(where+"."+w.Name, known, w.Fields)...)
		}
	}
	return diffs
}

// TestEachTablesWireFormIsItsValue: for every record of a sandbox
// organization (nulls and values in every nullable field, names in many
// scripts), read by the client, the bytes a table streams decode, with the
// table's type, to exactly the value it gives the framework's path.
func TestEachTablesWireFormIsItsValue(t *testing.T) {
	org := sandbox.GenerateOrganization(sandbox.GenerateOptions{Seed: 17, Conversations: 300, EdgeCases: true})
	srv := httptest.NewServer(sandbox.New(sandbox.Options{Organization: &org, ReadsPerMinute: 100000}))
	t.Cleanup(srv.Close)
	client, err := kirimchat.New(kirimchat.Config{APIKey: sandbox.DefaultAPIKey, BaseURL: srv.URL + "/v1"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conversations, err := client.ListConversations(ctx, kirimchat.ListConversationsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	contacts, err := client.ListContacts(ctx, kirimchat.ListContactsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	labels, err := client.ListLabels(ctx, kirimchat.ListLabelsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	me, err := client.GetMe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := holdsItsValue(t, conversationRecord, conversations.Items); n != len(org.Conversations) {
		t.Errorf("%d conversations checked, the sandbox has %d", n, len(org.Conversations))
	}
	holdsItsValue(t, contactRecord, contacts.Items)
	holdsItsValue(t, labelRecord, labels.Items)
	holdsItsValue(t, meRecord, []kirimchat.Me{me})
}

func holdsItsValue[R any](t *testing.T, table record[R], records []R) int {
	t.Helper()
	ctx := context.Background()
	typ := table.objectType().TerraformType(ctx)
	for i := range records {
		encoded, err := statewire.Encode(func(w *statewire.Wire) { table.encode(w, &records[i]) })
		if err != nil {
			t.Fatal(err)
		}
		decoded, err := (&tfprotov6.DynamicValue{MsgPack: encoded}).Unmarshal(typ)
		if err != nil {
			t.Fatalf("record %d: %v", i, err)
		}
		want, err := table.value(&records[i]).ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !decoded.Equal(want) {
			t.Fatalf("record %d streams as\n%v\nand is on the framework's path\n%v", i, decoded, want)
		}
	}
	if len(records) == 0 {
		t.Fatal("no records to check")
	}
	return len(records)
}

// TestNoNestedNullIsLostOnTheWire: a record whose every nullable field is
// null, and one whose every one is set, each stream as their value (the
// sandbox may not hold both in one record).
func TestNoNestedNullIsLostOnTheWire(t *testing.T) {
	text := func(s string) *string { return &s }
	holdsItsValue(t, conversationRecord, []kirimchat.Conversation{
		{ID: "cnv_1", Object: "conversation", Status: "open", CreatedAt: "2026-11-01T00:00:00Z", UpdatedAt: "2026-11-01T00:00:00Z"},
		{ID: "cnv_2", Object: "conversation", Status: "pending", UnreadCount: 3,
			Contact:         &kirimchat.ConversationContact{ID: "ctc_1", PhoneNumber: text("+62"), Name: text(strings.Repeat("名", 40))},
			WhatsAppAccount: &kirimchat.WhatsAppAccount{}, Assignee: &kirimchat.Assignee{ID: "usr_1", Email: text("a@b.c")},
			LastMessageAt: text("2026-11-01T00:00:00Z"), LastInboundAt: text("2026-11-01T00:00:00Z")},
	})
}
