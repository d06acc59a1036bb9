package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
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
	Extra           map[string]any   `json:"-"`
}

// ContactRef is the contact as embedded in a conversation.
type ContactRef struct {
	ID          string  `json:"id"`
	PhoneNumber *string `json:"phone_number"`
	Name        *string `json:"name"`
}

// WhatsAppAccount is a connected WhatsApp number.
type WhatsAppAccount struct {
	PhoneNumber *string `json:"phone_number"`
}

// Agent is a member of the organization a conversation can be assigned to.
type Agent struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
}

// MarshalJSON writes the documented fields and then the undocumented extras.
func (c Conversation) MarshalJSON() ([]byte, error) {
	type documented Conversation
	if len(c.Extra) == 0 {
		return json.Marshal(documented(c))
	}
	base, err := json.Marshal(documented(c))
	if err != nil {
		return nil, err
	}
	var fields map[string]any
	if err := json.Unmarshal(base, &fields); err != nil {
		return nil, err
	}
	merged := maps.Clone(c.Extra)
	maps.Copy(merged, fields) // documented fields win over extras of the same name
	return json.Marshal(merged)
}

// UnmarshalJSON keeps undocumented fields in Extra, so a fixture round-trips.
func (c *Conversation) UnmarshalJSON(data []byte) error {
	type documented Conversation
	var d documented
	if err := json.Unmarshal(data, &d); err != nil {
		return err
	}
	var all map[string]any
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for _, k := range []string{"id", "object", "status", "contact", "whatsapp_account", "assignee",
		"unread_count", "last_message_at", "last_inbound_at", "created_at", "updated_at"} {
		delete(all, k)
	}
	*c = Conversation(d)
	if len(all) > 0 {
		c.Extra = all
	}
	return nil
}

// ReadFixture reads conversations from JSON: an array of conversation
// objects, or a list page ({"data": [...]}) as the API returns it.
func ReadFixture(r io.Reader) ([]Conversation, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var convs []Conversation
	if err := json.Unmarshal(raw, &convs); err != nil {
		var page struct {
			Data []Conversation `json:"data"`
		}
		if pageErr := json.Unmarshal(raw, &page); pageErr != nil || page.Data == nil {
			return nil, fmt.Errorf("a fixture is a JSON array of conversations or {\"data\": [...]}: %w", err)
		}
		convs = page.Data
	}
	for i, c := range convs {
		if c.ID == "" {
			return nil, fmt.Errorf("conversation %d of the fixture has no id", i)
		}
	}
	return convs, nil
}
