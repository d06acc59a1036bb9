package kirimchat

import (
	"context"
	"net/url"
	"regexp"
)

// ConversationStatuses are the values of a conversation's status, and of the
// list filter.
var ConversationStatuses = []string{"open", "resolved", "pending"}

// ContactIDPattern matches a contact id: "ctc_" and 26 Crockford base32
// characters (which are case-insensitive).
var ContactIDPattern = regexp.MustCompile(`^ctc_[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}$`)

// Conversation is one element of GET /conversations. Pointers mark what the
// API may send as null; timestamps are kept exactly as sent.
type Conversation struct {
	ID              string               `json:"id"`
	Object          string               `json:"object"`
	Status          string               `json:"status"`
	Contact         *ConversationContact `json:"contact"`
	WhatsAppAccount *WhatsAppAccount     `json:"whatsapp_account"`
	Assignee        *Assignee            `json:"assignee"`
	UnreadCount     int64                `json:"unread_count"`
	LastMessageAt   *string              `json:"last_message_at"`
	LastInboundAt   *string              `json:"last_inbound_at"`
	CreatedAt       string               `json:"created_at"`
	UpdatedAt       string               `json:"updated_at"`
}

// ConversationContact is the contact embedded in a conversation.
type ConversationContact struct {
	ID          string  `json:"id"`
	PhoneNumber *string `json:"phone_number"`
	Name        *string `json:"name"`
}

// WhatsAppAccount is the connected WhatsApp number a conversation runs on.
type WhatsAppAccount struct {
	PhoneNumber *string `json:"phone_number"`
}

// Assignee is the agent a conversation is assigned to.
type Assignee struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
}

// ListConversationsOptions filters GET /conversations. Empty fields are not sent.
type ListConversationsOptions struct {
	Status    string
	ContactID string
	// MaxResults stops the drain once that many conversations are in hand (0 = all).
	MaxResults int
	// EachPage, when set, receives each page's new conversations as it
	// arrives; they are then not collected into the result's Items.
	EachPage func([]Conversation) error
}

// RecordID is the conversation's id.
func (cv Conversation) RecordID() string { return cv.ID }

// ListConversations drains every page of GET /conversations.
func (c *Client) ListConversations(ctx context.Context, opts ListConversationsOptions) (ListResult[Conversation], error) {
	return drain(ctx, c, drainRequest[Conversation]{
		path:       "/conversations",
		filters:    url.Values{"status": {opts.Status}, "contact_id": {opts.ContactID}},
		maxResults: opts.MaxResults,
		eachPage:   opts.EachPage,
	})
}
