package kirimchat

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestEachRawPageHandsOverEachRowAsSent: the JSON text of every accepted
// row, byte for byte (white space, escapes, member order and undocumented
// members as the API wrote them), in step with the rows read; a row a page
// repeats from an earlier one is dropped with its text; and the drain
// collects no Items then.
func TestEachRawPageHandsOverEachRowAsSent(t *testing.T) {
	first := conversationJSON("cnv_1", map[string]any{"priority": map[string]any{"level": "high", "since": 2019.50}})
	// As a server may write it: indented, escaped, an extra member first.
	second := "{\n    \"x_note\": \"caf\\u00e9 \\\"quoted\\\"\",\n    " + strings.TrimPrefix(conversationJSON("cnv_2", nil), "{")
	third := conversationJSON("cnv_3", nil)
	c, _, _ := newScripted(t, Config{},
		raw(200, "application/json", "{ \"data\" : [ "+first+" ,\n\t"+second+"\n], \"has_more\": true, \"next_cursor\": \"c1\" }"),
		raw(200, "application/json", pageJSON(false, "", second, third)))
	var got []RawRecord[Conversation]
	pages := 0
	result, err := c.ListConversations(context.Background(), ListConversationsOptions{EachRawPage: func(rs []RawRecord[Conversation]) error {
		pages++
		got = append(got, rs...)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 2 || len(got) != 3 || result.Count != 3 || result.DuplicatesDropped != 1 || len(result.Items) != 0 {
		t.Fatalf("%d pages, %d rows, count %d, %d duplicates, %d items", pages, len(got), result.Count, result.DuplicatesDropped, len(result.Items))
	}
	for i, want := range []string{first, second, third} {
		if string(got[i].JSON) != want {
			t.Errorf("row %d: got\n%s\nwant\n%s", i, got[i].JSON, want)
		}
		if got[i].Record.ID != []string{"cnv_1", "cnv_2", "cnv_3"}[i] || got[i].Record.Status != "open" {
			t.Errorf("row %d: record %+v", i, got[i].Record)
		}
		if !json.Valid(got[i].JSON) {
			t.Errorf("row %d is not one JSON value: %s", i, got[i].JSON)
		}
	}
}

// TestEachRawPageGetsNothingOfABrokenPage: a page the strict reader refuses
// is refused whole, as without the hook; the rows before the broken one are
// not handed over.
func TestEachRawPageGetsNothingOfABrokenPage(t *testing.T) {
	c, _, _ := newScripted(t, Config{}, raw(200, "application/json",
		pageJSON(false, "", conversationJSON("cnv_1", nil), conversationJSON("cnv_2", map[string]any{"unread_count": "3"}))))
	called := false
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{EachRawPage: func([]RawRecord[Conversation]) error {
		called = true
		return nil
	}})
	var ce *ContractError
	if !errors.As(err, &ce) || ce.Record != "cnv_2" || called {
		t.Fatalf("got %v, hook called: %v", err, called)
	}
}

func TestRawContactsLabelsAndMe(t *testing.T) {
	contact := `{"id":"ctc_1","object":"contact","phone_number":"+6281234567890","name":"A","email":null,` +
		`"metadata":{"b":[1,{"c":null}]},"whatsapp_account":{"phone_number":null,"x":1},"created_at":"2026-01-01T00:00:00Z",` +
		`"updated_at":"2026-01-01T00:00:00Z","loyalty":{"points":12}}`
	label := `{"id":"lbl_1","object":"label","name":"VIP","color":"red","team_id":"team_1","created_at":"2026-01-01T00:00:00Z",` +
		`"updated_at":"2026-01-01T00:00:00Z","archived":false}`
	me := `{"organization":{"id":"org_1","object":"organization","name":"PT A","plan":"x"},` +
		`"api_key":{"id":"key_1","object":"api_key","label":"CI","last4":"abcd"},` +
		`"rate_limits":{"tier":"free","write_per_minute":60,"read_per_minute":600}}`
	c, _, _ := newScripted(t, Config{},
		raw(200, "application/json", pageJSON(false, "", contact)),
		raw(200, "application/json", pageJSON(false, "", label)),
		raw(200, "application/json", "{\"data\":  "+me+" , \"request_id\":\"req_1\"}"))
	ctx := context.Background()
	var contacts []RawRecord[Contact]
	if _, err := c.ListContacts(ctx, ListContactsOptions{EachRawPage: func(rs []RawRecord[Contact]) error {
		contacts = append(contacts, rs...)
		return nil
	}}); err != nil || len(contacts) != 1 || string(contacts[0].JSON) != contact || contacts[0].Record.Name == nil {
		t.Fatalf("contacts: %v %+v", err, contacts)
	}
	var labels []RawRecord[Label]
	if _, err := c.ListLabels(ctx, ListLabelsOptions{EachRawPage: func(rs []RawRecord[Label]) error {
		labels = append(labels, rs...)
		return nil
	}}); err != nil || len(labels) != 1 || string(labels[0].JSON) != label {
		t.Fatalf("labels: %v %+v", err, labels)
	}
	got, err := c.GetMeRaw(ctx)
	if err != nil || string(got.JSON) != me || got.Record.APIKey.Last4 != "abcd" {
		t.Fatalf("me: %v %s %+v", err, got.JSON, got.Record)
	}
}

// TestEachRawPageErrorEndsTheDrain: the hook's error is the drain's.
func TestEachRawPageErrorEndsTheDrain(t *testing.T) {
	c, s, _ := newScripted(t, Config{},
		raw(200, "application/json", pageJSON(true, "c1", conversationJSON("cnv_1", nil))),
		func(w http.ResponseWriter, r *http.Request) { t.Error("no page after the hook's error") })
	stop := errors.New("stop")
	_, err := c.ListConversations(context.Background(), ListConversationsOptions{EachRawPage: func([]RawRecord[Conversation]) error { return stop }})
	if !errors.Is(err, stop) || len(s.requests()) != 1 {
		t.Fatalf("got %v after %d requests", err, len(s.requests()))
	}
}
