package kirimchat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func sandboxClient(t *testing.T, pageSize int) (*Client, *sandbox.Server) {
	t.Helper()
	s := sandbox.New(sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 31, Conversations: 60}})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c, err := New(Config{APIKey: sandbox.DefaultAPIKey, BaseURL: srv.URL + "/v1", PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	return c, s
}

func TestListContactsDrainsEveryFieldFaithfully(t *testing.T) {
	c, s := sandboxClient(t, 4)
	got, err := c.ListContacts(context.Background(), ListContactsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := s.Contacts()
	if len(got.Items) != len(want) || got.Pages != (len(want)+3)/4 {
		t.Fatalf("%d contacts in %d pages, want %d", len(got.Items), got.Pages, len(want))
	}
	for i, w := range want {
		g := got.Items[i]
		wantJSON, _ := json.Marshal(w)
		gotJSON, _ := json.Marshal(g)
		if !bytes.Equal(wantJSON, gotJSON) {
			t.Fatalf("contact %d:\n got %s\nwant %s", i, gotJSON, wantJSON)
		}
	}
}

func TestListContactsFilters(t *testing.T) {
	c, s := sandboxClient(t, 100)
	first := s.Contacts()[0]
	got, err := c.ListContacts(context.Background(), ListContactsOptions{Phone: *first.PhoneNumber})
	if err != nil || len(got.Items) == 0 || got.Items[0].PhoneNumber == nil || *got.Items[0].PhoneNumber != *first.PhoneNumber {
		t.Fatalf("phone filter: %+v, %v", got.Items, err)
	}
	got, err = c.ListContacts(context.Background(), ListContactsOptions{Search: "zzzz-no-such-name"})
	if err != nil || len(got.Items) != 0 {
		t.Fatalf("search filter: %+v, %v", got.Items, err)
	}
}

func TestGetContactAndNotFound(t *testing.T) {
	c, s := sandboxClient(t, 100)
	want := s.Contacts()[2]
	got, err := c.GetContact(context.Background(), want.ID)
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if err != nil || !bytes.Equal(gotJSON, wantJSON) {
		t.Fatalf("got %+v, %v", got, err)
	}
	_, err = c.GetContact(context.Background(), "ctc_00000000000000000000000000")
	if !IsNotFound(err) {
		t.Fatalf("want a 404, got %v", err)
	}
	if IsNotFound(context.Canceled) {
		t.Error("a cancellation is not a 404")
	}
}

func TestGetMe(t *testing.T) {
	c, s := sandboxClient(t, 100)
	me, err := c.GetMe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id, name, tier := s.OrganizationInfo()
	if me.Organization.ID != id || me.Organization.Name != name || me.RateLimits.Tier != tier ||
		me.APIKey.Last4 != sandbox.DefaultAPIKey[len(sandbox.DefaultAPIKey)-4:] || me.RateLimits.ReadPerMinute != 600 {
		t.Fatalf("unexpected %+v", me)
	}
}

func TestListLabels(t *testing.T) {
	c, s := sandboxClient(t, 2)
	got, err := c.ListLabels(context.Background(), ListLabelsOptions{MaxResults: 5})
	if err != nil || len(got.Items) != 5 || !got.Truncated || got.Items[0].ID != s.Labels()[0].ID {
		t.Fatalf("got %+v, %v", got, err)
	}
}

// A contact filter that lists nothing asks once whether the contact exists:
// an unknown one is an *UnknownContactError; a contact that exists gives the
// empty list; and a 404 that is not the API's resource_not_found (a proxy's
// page) is that error, never taken for "no such contact".
func TestListConversationsOfAnUnknownContactFails(t *testing.T) {
	c, s := sandboxClient(t, 100)
	ctx := context.Background()
	const missing = "ctc_00000000000000000000000000"

	_, err := c.ListConversations(ctx, ListConversationsOptions{ContactID: missing})
	var unknown *UnknownContactError
	if !errors.As(err, &unknown) || unknown.ID != missing || unknown.Err.RequestID == "" {
		t.Fatalf("unknown contact: %v (%T), want an *UnknownContactError with the 404's request id", err, err)
	}

	var quiet string // a contact with conversations, none of them pending
	pending := map[string]bool{}
	for _, cv := range s.Conversations() {
		if cv.Status == "pending" {
			pending[cv.Contact.ID] = true
		}
	}
	for _, cv := range s.Conversations() {
		if !pending[cv.Contact.ID] {
			quiet = cv.Contact.ID
		}
	}
	got, err := c.ListConversations(ctx, ListConversationsOptions{ContactID: quiet, Status: "pending"})
	if err != nil || got.Count != 0 {
		t.Fatalf("a known contact with no pending conversation: %d, %v; want an empty list", got.Count, err)
	}

	s.AddFault(sandbox.Fault{Path: "/contacts/{id}", Status: 404, HTML: true})
	_, err = c.ListConversations(ctx, ListConversationsOptions{ContactID: missing})
	var apiErr *APIError
	if errors.As(err, &unknown) || !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Fatalf("a proxy's 404: %v (%T), want that *APIError, not an unknown contact", err, err)
	}
}
