package kirimchat

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
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
	// LastMessageAfter, when set, keeps only the conversations whose
	// last_message_at is later. The API has no such filter, but lists
	// newest-active first (NULLS LAST), so the drain stops at the first
	// conversation that is not later: the requests grow with the window, not
	// with the history. The order is checked as the rows come, since a row
	// out of order would otherwise hide the ones after it.
	LastMessageAfter *Timestamp
	// MaxResults stops the drain once that many conversations are in hand (0 = all).
	MaxResults int
	// EachPage, when set, receives each page's new conversations as it
	// arrives; they are then not collected into the result's Items.
	EachPage func([]Conversation) error
}

// conversationFields are the documented fields of a conversation, each of
// which every conversation carries.
var conversationFields = []string{"id", "object", "status", "contact", "whatsapp_account", "assignee",
	"unread_count", "last_message_at", "last_inbound_at", "created_at", "updated_at"}

func readConversation(d *decoder, c *Conversation) error {
	return d.object(conversationFields, func(name string) (err error) {
		switch name {
		case "id":
			c.ID, err = d.id("cnv_")
		case "object":
			c.Object, err = d.objectIs("conversation")
		case "status":
			c.Status, err = d.str()
		case "contact":
			c.Contact, err = nullableObject(d, readConversationContact)
		case "whatsapp_account":
			c.WhatsAppAccount, err = nullableObject(d, readWhatsAppAccount)
		case "assignee":
			c.Assignee, err = nullableObject(d, readAssignee)
		case "unread_count":
			c.UnreadCount, err = d.integer()
		case "last_message_at":
			c.LastMessageAt, err = d.nullableTimestamp()
		case "last_inbound_at":
			c.LastInboundAt, err = d.nullableTimestamp()
		case "created_at":
			c.CreatedAt, err = d.timestamp()
		case "updated_at":
			c.UpdatedAt, err = d.timestamp()
		}
		return err
	})
}

func readConversationContact(d *decoder, c *ConversationContact) error {
	return d.object([]string{"id", "phone_number", "name"}, func(name string) (err error) {
		switch name {
		case "id":
			c.ID, err = d.id("ctc_")
		case "phone_number":
			c.PhoneNumber, err = d.nullableStr()
		case "name":
			c.Name, err = d.nullableStr()
		}
		return err
	})
}

func readWhatsAppAccount(d *decoder, a *WhatsAppAccount) error {
	return d.object([]string{"phone_number"}, func(string) (err error) {
		a.PhoneNumber, err = d.nullableStr()
		return err
	})
}

func readAssignee(d *decoder, a *Assignee) error {
	return d.object([]string{"id", "name", "email"}, func(name string) (err error) {
		switch name {
		case "id":
			a.ID, err = d.id("usr_")
		case "name":
			a.Name, err = d.nullableStr()
		case "email":
			a.Email, err = d.nullableStr()
		}
		return err
	})
}

// RecordID is the conversation's id.
func (cv Conversation) RecordID() string { return cv.ID }

// ListConversations drains every page of GET /conversations.
func (c *Client) ListConversations(ctx context.Context, opts ListConversationsOptions) (ListResult[Conversation], error) {
	return drain(ctx, c, drainRequest[Conversation]{
		path:         "/conversations",
		filters:      url.Values{"status": {opts.Status}, "contact_id": {opts.ContactID}},
		maxResults:   opts.MaxResults,
		read:         readConversation,
		answers:      opts.answeredBy,
		within:       opts.window(),
		unrecognized: unrecognizedStatus,
		eachPage:     opts.EachPage,
	})
}

// window is the drain's stop for LastMessageAfter, or nil without one.
func (opts ListConversationsOptions) window() func(*Conversation, bool) (bool, error) {
	if opts.LastMessageAfter == nil {
		return nil
	}
	w := &lastMessageWindow{after: *opts.LastMessageAfter}
	return w.admit
}

// lastMessageWindow follows the list's order, newest-active first with
// conversations without messages last, through every row it is shown (the
// drain shows it each new row of every page, up to the page's end, before
// it decides where the window ends), and says which rows are later than
// after. A row that breaks the order fails the read: the window's end is
// found by the order, so a row out of it could hide the rows after it.
//
// One exception: the first new row of a page may be later than the row
// before it (on the page before) when it is at least as late as every row
// seen. That is a conversation that got a message while the list was read
// and moved to its head, where paging by offset serves it again; nothing
// is hidden by it. Within a page, the order always holds.
type lastMessageWindow struct {
	after    Timestamp
	previous *Conversation
	last     Timestamp // previous's last_message_at, when it has one
	newest   Timestamp // the latest last_message_at seen
}

func (w *lastMessageWindow) admit(c *Conversation, firstOnPage bool) (bool, error) {
	previous := w.previous
	w.previous = c
	if c.LastMessageAt == nil {
		return false, nil // NULLS LAST: none after it is in the window either
	}
	at, err := ParseTimestamp(*c.LastMessageAt)
	if err != nil {
		return false, err // the reader checked it; this is a bug
	}
	movedToTheHead := firstOnPage && previous != nil && previous.LastMessageAt != nil && at.Compare(w.newest) >= 0
	switch {
	case movedToTheHead:
	case previous != nil && previous.LastMessageAt == nil:
		return false, fmt.Errorf("has last_message_at %s after conversation %s, which has none: the API lists "+
			"conversations without messages last, which the last_message_after window relies on", *c.LastMessageAt, previous.ID)
	case previous != nil && at.After(w.last):
		return false, fmt.Errorf("has last_message_at %s, later than the %s of conversation %s before it: the API lists "+
			"newest-active first, which the last_message_after window relies on", *c.LastMessageAt, *previous.LastMessageAt, previous.ID)
	}
	w.last = at
	if previous == nil || at.After(w.newest) {
		w.newest = at
	}
	return at.After(w.after), nil
}

// answeredBy says why a conversation does not match the filters sent.
// Contact ids are Crockford base32, which is case-insensitive.
func (opts ListConversationsOptions) answeredBy(c *Conversation) error {
	switch {
	case opts.Status != "" && c.Status != opts.Status:
		return fmt.Errorf("has status %q, but the request asked for status=%s", c.Status, opts.Status)
	case opts.ContactID != "" && (c.Contact == nil || !strings.EqualFold(c.Contact.ID, opts.ContactID)):
		got := "no contact"
		if c.Contact != nil {
			got = "contact " + c.Contact.ID
		}
		return fmt.Errorf("has %s, but the request asked for contact_id=%s", got, opts.ContactID)
	}
	return nil
}

func unrecognizedStatus(c *Conversation) string {
	if slices.Contains(ConversationStatuses, c.Status) {
		return ""
	}
	return fmt.Sprintf("conversation status %q", c.Status)
}
