package sandbox_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

func drainPath(t *testing.T, base, path, query string) []map[string]any {
	t.Helper()
	var items []map[string]any
	cursor := ""
	for range 1000 {
		q, _ := url.ParseQuery(query)
		if cursor != "" {
			q.Set("cursor", cursor)
		}
		resp, body := get(t, base+path+"?"+q.Encode(), sandbox.DefaultAPIKey)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", path, resp.StatusCode, body)
		}
		var page listBody
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		items = append(items, page.Data...)
		if !page.HasMore {
			return items
		}
		cursor = *page.NextCursor
	}
	t.Fatal("no end of pages")
	return nil
}

func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}

func TestContactsExistForEveryConversationAndDrainNewestFirst(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 21, Conversations: 90}})
	items := drainPath(t, base, "/contacts", "limit=7")
	want := s.Contacts()
	if !slices.Equal(ids(items), idsOfContacts(want)) {
		t.Fatalf("drained %d contacts, not the %d of the organization in order", len(items), len(want))
	}
	known := map[string]bool{}
	for _, it := range items {
		known[it["id"].(string)] = true
		for _, field := range []string{"id", "object", "phone_number", "name", "email", "metadata", "whatsapp_account", "created_at", "updated_at"} {
			if _, ok := it[field]; !ok {
				t.Fatalf("contact %v lacks %s", it["id"], field)
			}
		}
	}
	for _, cv := range s.Conversations() {
		if !known[cv.Contact.ID] {
			t.Errorf("conversation %s names contact %s, which does not exist", cv.ID, cv.Contact.ID)
		}
	}
	kinds := map[string]bool{}
	for _, c := range want {
		switch string(c.Metadata) {
		case "null":
			kinds["null"] = true
		case "{}":
			kinds["empty"] = true
		default:
			kinds["object"] = true
		}
	}
	if len(kinds) != 3 {
		t.Errorf("metadata should be null, empty and filled across contacts: %v", kinds)
	}
}

func idsOfContacts(cs []sandbox.Contact) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestContactFilters(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 21, Conversations: 90}})
	contacts := s.Contacts()
	var phone string
	count := map[string]int{}
	for _, c := range contacts {
		if c.PhoneNumber != nil {
			count[*c.PhoneNumber]++
		}
	}
	for p, n := range count {
		if n == 2 {
			phone = p
		}
	}
	if phone == "" {
		t.Fatal("the generated organization should hold one phone number shared by two contacts")
	}
	if got := drainPath(t, base, "/contacts", "phone="+url.QueryEscape(phone)); len(got) != 2 {
		t.Errorf("phone %s: %d contacts, want 2", phone, len(got))
	}
	for _, c := range contacts {
		if c.PhoneNumber != nil && count[*c.PhoneNumber] == 1 {
			got := drainPath(t, base, "/contacts", "phone="+url.QueryEscape(*c.PhoneNumber))
			if len(got) != 1 || got[0]["id"] != c.ID {
				t.Errorf("phone %s: got %v, want %s", *c.PhoneNumber, ids(got), c.ID)
			}
			break
		}
	}
	var named sandbox.Contact
	for _, c := range contacts {
		if c.Name != nil && len(*c.Name) > 3 {
			named = c
			break
		}
	}
	needle := strings.ToUpper((*named.Name)[1:3])
	got := drainPath(t, base, "/contacts", "search="+url.QueryEscape(needle))
	if !slices.Contains(ids(got), named.ID) {
		t.Errorf("search %q should find %s", needle, named.ID)
	}
	for _, it := range got {
		name, _ := it["name"].(string)
		email, _ := it["email"].(string)
		if !strings.Contains(strings.ToLower(name+" "+email), strings.ToLower(needle)) {
			t.Errorf("search %q matched %v", needle, it)
		}
	}
	for query, want := range map[string][2]string{
		"phone=0812345":                      {"invalid_phone_number", "phone"},
		"phone=%2B0123456789":                {"invalid_phone_number", "phone"},
		"search=":                            {"invalid_field_value", "search"},
		"search=" + strings.Repeat("x", 201): {"invalid_field_value", "search"},
		"limit=0":                            {"invalid_limit", "limit"},
	} {
		resp, body := get(t, base+"/contacts?"+query, sandbox.DefaultAPIKey)
		wantError(t, resp, body, 400, "invalid_request_error", want[0], want[1])
	}
}

func TestGetContact(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 4, Conversations: 20}})
	c := s.Contacts()[0]
	resp, body := get(t, base+"/contacts/"+c.ID, sandbox.DefaultAPIKey)
	var one struct {
		Data      map[string]any `json:"data"`
		RequestID string         `json:"request_id"`
	}
	if err := json.Unmarshal(body, &one); err != nil || resp.StatusCode != 200 || one.Data["id"] != c.ID || one.RequestID == "" {
		t.Fatalf("GET /contacts/%s: %d %s", c.ID, resp.StatusCode, body)
	}
	for _, id := range []string{"ctc_00000000000000000000000000", "nonsense"} {
		resp, body := get(t, base+"/contacts/"+id, sandbox.DefaultAPIKey)
		wantError(t, resp, body, 404, "not_found", "resource_not_found", "id")
	}
}

func TestMe(t *testing.T) {
	s, base := start(t, sandbox.Options{APIKeys: []string{"kdv_live_abcdefghijklmnopqrstWXYZ"}, ReadsPerMinute: 6000})
	req := base + "/me"
	resp, body := get(t, req, "kdv_live_abcdefghijklmnopqrstWXYZ")
	var me struct {
		Data struct {
			Organization struct{ ID, Object, Name string }         `json:"organization"`
			APIKey       struct{ ID, Object, Label, Last4 string } `json:"api_key"`
			RateLimits   struct {
				Tier           string `json:"tier"`
				WritePerMinute int    `json:"write_per_minute"`
				ReadPerMinute  int    `json:"read_per_minute"`
			} `json:"rate_limits"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &me); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	id, name, tier := s.OrganizationInfo()
	d := me.Data
	if d.Organization.ID != id || d.Organization.Name != name || d.Organization.Object != "organization" ||
		d.APIKey.Last4 != "WXYZ" || d.APIKey.Object != "api_key" || !strings.HasPrefix(d.APIKey.ID, "key_") ||
		d.RateLimits.Tier != tier || d.RateLimits.ReadPerMinute != 6000 || d.RateLimits.WritePerMinute != 60 {
		t.Errorf("unexpected /me: %+v", d)
	}
	if resp, body := get(t, req, "bad"); resp.StatusCode != 401 {
		t.Errorf("/me needs a valid key: %d %s", resp.StatusCode, body)
	}
}

func TestLabels(t *testing.T) {
	s, base := start(t, sandbox.Options{Generated: sandbox.GenerateOptions{Seed: 4, Conversations: 20}})
	items := drainPath(t, base, "/labels", "limit=2")
	want := s.Labels()
	teams := map[any]bool{}
	for i, it := range items {
		if it["id"] != want[i].ID || it["object"] != "label" || it["team_id"] == "" {
			t.Errorf("label %d: %v", i, it)
		}
		teams[it["team_id"]] = true
	}
	if len(items) != len(want) || len(teams) < 2 {
		t.Errorf("%d labels over %d teams", len(items), len(teams))
	}
	// A labels cursor is no good for contacts.
	_, body := get(t, base+"/labels?limit=2", sandbox.DefaultAPIKey)
	var page listBody
	_ = json.Unmarshal(body, &page)
	resp, body := get(t, base+"/contacts?cursor="+url.QueryEscape(*page.NextCursor), sandbox.DefaultAPIKey)
	wantError(t, resp, body, 400, "invalid_request_error", "invalid_cursor", "cursor")
}

// TestTheDefaultOrganizationHasNullsInEveryNullableField: the organization
// `kirimchat-sandbox` serves by default (seed 1, 300 conversations), which
// the examples are executed against, has a null in every field the contract
// lets be null, so that an expression that is not null-safe fails there.
func TestTheDefaultOrganizationHasNullsInEveryNullableField(t *testing.T) {
	org := sandbox.GenerateOrganization(sandbox.GenerateOptions{Seed: 1, Conversations: 300})
	nulls := map[string]int{}
	count := func(field string, isNull bool) {
		if _, ok := nulls[field]; !ok {
			nulls[field] = 0
		}
		if isNull {
			nulls[field]++
		}
	}
	for _, c := range org.Conversations {
		count("conversation.contact.phone_number", c.Contact.PhoneNumber == nil)
		count("conversation.contact.name", c.Contact.Name == nil)
		count("conversation.whatsapp_account.phone_number", c.WhatsAppAccount.PhoneNumber == nil)
		count("conversation.assignee", c.Assignee == nil)
		if c.Assignee != nil {
			count("conversation.assignee.name", c.Assignee.Name == nil)
			count("conversation.assignee.email", c.Assignee.Email == nil)
		}
		count("conversation.last_message_at", c.LastMessageAt == nil)
		count("conversation.last_inbound_at", c.LastInboundAt == nil)
	}
	for _, c := range org.Contacts {
		count("contact.phone_number", c.PhoneNumber == nil)
		count("contact.name", c.Name == nil)
		count("contact.email", c.Email == nil)
		count("contact.metadata", string(c.Metadata) == "null" || len(c.Metadata) == 0)
		count("contact.whatsapp_account.phone_number", c.WhatsAppAccount.PhoneNumber == nil)
	}
	if len(nulls) != 13 {
		t.Fatalf("counted %d nullable fields, want 13: %v", len(nulls), nulls)
	}
	for field, n := range nulls {
		if n == 0 {
			t.Errorf("%s is never null in the default organization", field)
		}
	}
}
