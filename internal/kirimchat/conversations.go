package kirimchat

import (
	"context"
	"errors"
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
	// EachRawPage, when set, receives each page's new conversations with
	// the JSON text the API sent for each, once the strict reader has
	// accepted it (after EachPage, if that is set too); they are then not
	// collected into the result's Items. The provider never sets it: it is
	// for kirimchat-sandbox -record, which keeps fields no reader reads.
	EachRawPage func([]RawRecord[Conversation]) error
}

// conversationFields are the documented fields of a conversation, each of
// which every conversation carries.
var conversationFields = fields[Conversation]{
	required("id", func(d *decoder, c *Conversation) (err error) { c.ID, err = d.id("cnv_"); return }),
	required("object", func(d *decoder, c *Conversation) (err error) { c.Object, err = d.objectIs("conversation"); return }),
	required("status", func(d *decoder, c *Conversation) (err error) { c.Status, err = d.str(); return }),
	nestedObject("contact", true, conversationContactFields, func(c *Conversation) **ConversationContact { return &c.Contact }),
	nestedObject("whatsapp_account", true, whatsAppAccountFields, func(c *Conversation) **WhatsAppAccount { return &c.WhatsAppAccount }),
	nestedObject("assignee", true, assigneeFields, func(c *Conversation) **Assignee { return &c.Assignee }),
	required("unread_count", func(d *decoder, c *Conversation) (err error) { c.UnreadCount, err = d.integer(); return }),
	nullable("last_message_at", func(d *decoder, c *Conversation) (err error) { c.LastMessageAt, err = some(d.timestamp()); return }),
	nullable("last_inbound_at", func(d *decoder, c *Conversation) (err error) { c.LastInboundAt, err = some(d.timestamp()); return }),
	required("created_at", func(d *decoder, c *Conversation) (err error) { c.CreatedAt, err = d.timestamp(); return }),
	required("updated_at", func(d *decoder, c *Conversation) (err error) { c.UpdatedAt, err = d.timestamp(); return }),
}

var conversationContactFields = fields[ConversationContact]{
	required("id", func(d *decoder, c *ConversationContact) (err error) { c.ID, err = d.id("ctc_"); return }),
	nullable("phone_number", func(d *decoder, c *ConversationContact) (err error) { c.PhoneNumber, err = some(d.str()); return }),
	nullable("name", func(d *decoder, c *ConversationContact) (err error) { c.Name, err = some(d.str()); return }),
}

var whatsAppAccountFields = fields[WhatsAppAccount]{
	nullable("phone_number", func(d *decoder, a *WhatsAppAccount) (err error) { a.PhoneNumber, err = some(d.str()); return }),
}

var assigneeFields = fields[Assignee]{
	required("id", func(d *decoder, a *Assignee) (err error) { a.ID, err = d.id("usr_"); return }),
	nullable("name", func(d *decoder, a *Assignee) (err error) { a.Name, err = some(d.str()); return }),
	nullable("email", func(d *decoder, a *Assignee) (err error) { a.Email, err = some(d.str()); return }),
}

// RecordID is the conversation's id.
func (cv Conversation) RecordID() string { return cv.ID }

// ListConversations drains every page of GET /conversations. When a
// ContactID filter lists nothing, it asks whether the contact exists (one
// GET /contacts/{id}, only then): an id that names no contact is an
// *UnknownContactError, not an empty list.
func (c *Client) ListConversations(ctx context.Context, opts ListConversationsOptions) (ListResult[Conversation], error) {
	ctx = c.OneRead(ctx) // the pages and the lookup share one budget
	result, err := drain(ctx, c, drainRequest[Conversation]{
		path:         "/conversations",
		filters:      url.Values{"status": {opts.Status}, "contact_id": {opts.ContactID}},
		maxResults:   opts.MaxResults,
		read:         conversationFields.readObject,
		answers:      opts.answeredBy,
		within:       opts.window(),
		unrecognized: unrecognizedStatus,
		eachPage:     opts.EachPage,
		eachRawPage:  opts.EachRawPage,
	})
	if err == nil && opts.ContactID != "" && result.Count == 0 {
		err = c.contactExists(ctx, opts.ContactID)
	}
	return result, err
}

// contactExists is nil when the organization has the contact, an
// *UnknownContactError when the API says it has not, and the read's error
// otherwise.
func (c *Client) contactExists(ctx context.Context, id string) error {
	_, err := c.GetContact(ctx, id)
	var apiErr *APIError
	if IsNotFound(err) && errors.As(err, &apiErr) {
		return &UnknownContactError{ID: id, Err: apiErr}
	}
	return err
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
