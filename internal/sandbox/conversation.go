package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
)

// Conversation is the sandbox's record of one conversation, shaped by the API
// contract (not by the client). Nullable fields are pointers; Extra holds
// fields the contract does not document, which the API may add at any time.
type Conversation struct {
	ID              string           `json:"id"`
	Object          string           `json:"object"`
	Status          string           `json:"status"`
	Contact         *ContactRef      `json:"contact"`
	WhatsAppAccount *WhatsAppAccount `json:"whatsapp_account"`
	Assignee        *Agent           `json:"assignee"`
	UnreadCount     int64            `json:"unread_count"`
	LastMessageAt   *string          `json:"last_message_at"`
	LastInboundAt   *string          `json:"last_inbound_at"`
	CreatedAt       string           `json:"created_at"`
	UpdatedAt       string           `json:"updated_at"`
	Extra           Extra            `json:"-"`
}

// ContactRef is the contact as embedded in a conversation.
type ContactRef struct {
	ID          string  `json:"id"`
	PhoneNumber *string `json:"phone_number"`
	Name        *string `json:"name"`
	Extra       Extra   `json:"-"`
}

// WhatsAppAccount is a connected WhatsApp number.
type WhatsAppAccount struct {
	PhoneNumber *string `json:"phone_number"`
	Extra       Extra   `json:"-"`
}

// Agent is a member of the organization a conversation can be assigned to.
type Agent struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
	Extra Extra   `json:"-"`
}

// Fixture is a whole organization, in the form `kirimchat-sandbox -fixture`
// reads and `-dump-fixture` writes: GET /me's data, the conversations, the
// contacts and the labels, each record as the API sends it. Fields the
// contract does not document are kept and served back verbatim, at any
// depth. fixture.schema.json beside this file is its JSON Schema, and
// docs/guides/sandbox-fixtures.md its documentation.
type Fixture struct {
	Me            json.RawMessage `json:"me"`
	Conversations []Conversation  `json:"conversations"`
	Contacts      []Contact       `json:"contacts"`
	Labels        []Label         `json:"labels"`
}

// ReadFixture reads an organization: a whole-organization Fixture, or, as
// before it, conversations only (an array of conversation objects, or a list
// page {"data": [...]}), whose contacts are then derived from them.
func ReadFixture(r io.Reader) (Organization, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return Organization{}, err
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) == nil && members["me"] != nil {
		return readWholeFixture(raw)
	}
	var convs []Conversation
	if err := json.Unmarshal(raw, &convs); err != nil {
		var page struct {
			Data []Conversation `json:"data"`
		}
		if pageErr := json.Unmarshal(raw, &page); pageErr != nil || page.Data == nil {
			return Organization{}, fmt.Errorf("a fixture is a whole organization ({\"me\": …, \"conversations\": […], \"contacts\": […], \"labels\": […]}), "+
				"or conversations only: a JSON array of them or {\"data\": [...]}: %w", err)
		}
		convs = page.Data
	}
	for i, c := range convs {
		if c.ID == "" {
			return Organization{}, fmt.Errorf("conversation %d of the fixture has no id", i)
		}
	}
	return Organization{ID: "org_00000000000000000000000000", Name: "Sandbox fixture", Tier: "free",
		Conversations: convs, Contacts: contactsFromConversations(convs)}, nil
}

func readWholeFixture(raw []byte) (Organization, error) {
	var f Fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		return Organization{}, fmt.Errorf("the fixture: %w", err)
	}
	var me struct {
		Organization struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"organization"`
		RateLimits struct {
			Tier string `json:"tier"`
		} `json:"rate_limits"`
	}
	if err := json.Unmarshal(f.Me, &me); err != nil || me.Organization.ID == "" {
		return Organization{}, fmt.Errorf("the fixture's me must be GET /me's data, with organization.id (see fixture.schema.json)")
	}
	for what, ids := range map[string][]string{"conversation": recordIDs(f.Conversations, func(c Conversation) string { return c.ID }),
		"contact": recordIDs(f.Contacts, func(c Contact) string { return c.ID }), "label": recordIDs(f.Labels, func(l Label) string { return l.ID })} {
		for i, id := range ids {
			if id == "" {
				return Organization{}, fmt.Errorf("%s %d of the fixture has no id", what, i)
			}
		}
	}
	if f.Conversations == nil || f.Contacts == nil || f.Labels == nil {
		return Organization{}, fmt.Errorf("the fixture needs conversations, contacts and labels (each may be an empty array)")
	}
	sortContacts(f.Contacts)
	return Organization{ID: me.Organization.ID, Name: me.Organization.Name, Tier: me.RateLimits.Tier, Me: f.Me,
		Conversations: f.Conversations, Contacts: f.Contacts, Labels: f.Labels}, nil
}

func recordIDs[T any](records []T, id func(T) string) []string {
	out := make([]string, len(records))
	for i, r := range records {
		out[i] = id(r)
	}
	return out
}
